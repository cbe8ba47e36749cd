package dev.rendezvous.auth;

import dev.rendezvous.config.InvalidConfigurationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which swarms this server serves, as aquatic does it: {@code off} serves every info_hash, {@code allow} only the
 * listed ones, {@code deny} all but the listed ones. The list is a file, one info_hash a line as 40 hex digits, with
 * {@code #} comments. Immutable: a changed file is a new list, read whole or refused whole. Every protocol asks
 * {@link #allows(String)} with the info_hash as the 20-character latin1 string the tracker's wire uses
 * ({@link #allowsBytes(byte[])} for a raw 20-byte one).
 */
public final class AccessList {
    public static final String MODE_KEY = "rendezvous.tracker.access-list.mode";
    public static final String PATH_KEY = "rendezvous.tracker.access-list.path";
    /** The failure reason a refused request gets. */
    public static final String REFUSED = "info_hash not served here (access list)";

    public enum Mode { OFF, ALLOW, DENY }

    public static final AccessList OFF = new AccessList(Mode.OFF, Optional.empty(), Set.of());

    private final Mode mode;
    private final Optional<Path> path;
    private final Set<String> infoHashes;

    private AccessList(Mode mode, Optional<Path> path, Set<String> infoHashes) {
        this.mode = mode;
        this.path = path;
        this.infoHashes = infoHashes;
    }

    /** The list that {@code mode} and {@code path} name, read now. */
    public static AccessList read(String mode, String path) {
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(MODE_KEY, "'" + mode + "' is not off, allow or deny");
        }
        if (parsed == Mode.OFF) {
            return OFF;
        }
        if (path.isBlank()) {
            throw new InvalidConfigurationException(PATH_KEY, "is required when " + MODE_KEY + " is " + mode.trim());
        }
        Path file = Path.of(path.trim());
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigurationException(PATH_KEY, "cannot read " + file + ": " + e);
        }
        return new AccessList(parsed, Optional.of(file), parse(lines));
    }

    static Set<String> parse(List<String> lines) {
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String entry = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.length() != 40 || !entry.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new InvalidConfigurationException(PATH_KEY, "line " + (i + 1) + " is not an info_hash of 40 hex digits");
            }
            hashes.add(new String(HexFormat.of().parseHex(entry), StandardCharsets.ISO_8859_1));
        }
        return Set.copyOf(hashes);
    }

    /** @param infoHash the info_hash as 20 latin1 characters, as the WebTorrent wire carries it */
    public boolean allows(String infoHash) {
        return switch (mode) {
            case OFF -> true;
            case ALLOW -> infoHashes.contains(infoHash);
            case DENY -> !infoHashes.contains(infoHash);
        };
    }

    /** @param infoHash the raw 20 bytes, as HTTP and UDP trackers carry it */
    public boolean allowsBytes(byte[] infoHash) {
        return mode == Mode.OFF || allows(new String(infoHash, StandardCharsets.ISO_8859_1));
    }

    public Mode mode() {
        return mode;
    }

    /** The list's file, empty when the list is off. */
    public Optional<Path> path() {
        return path;
    }

    public int size() {
        return infoHashes.size();
    }

    @Override
    public String toString() {
        return "AccessList[" + mode.name().toLowerCase(Locale.ROOT) + ", " + infoHashes.size() + " info_hashes]";
    }
}
