package dev.rendezvous.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who is refused for a while: peer_ids (at announce) and client addresses (at the tracker's handshake, 403, and at a
 * TURN Allocate, 403). Each ban has an id and an end; an ended ban is simply ignored and then forgotten. The
 * tracker asks on every announce, so the common case (no ban at all) costs one volatile read. In a cluster this is
 * each node's copy of the bans kept in Redis.
 */
public final class BanList {
    /**
     * One ban.
     *
     * @param peerId  the banned peer_id as 40 hex digits, or empty
     * @param address the banned client address (normalised), or empty
     */
    public record Ban(String id, String peerId, String address, long createdMillis, long expiresMillis) {
        boolean active(long nowMillis) {
            return nowMillis < expiresMillis;
        }
    }

    /** What an IP literal can be made of; compiled once, as the tracker and TURN normalise on every check. */
    private static final Pattern IP_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final ConcurrentHashMap<String, Ban> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Ban> byPeer = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Ban> byAddress = new ConcurrentHashMap<>();
    private volatile boolean any;

    public synchronized void add(Ban ban) {
        byId.put(ban.id(), ban);
        if (!ban.peerId().isEmpty()) {
            byPeer.put(binary(ban.peerId()), ban);
        }
        if (!ban.address().isEmpty()) {
            byAddress.put(ban.address(), ban);
        }
        any = true;
    }

    /** @return the ban removed, or null if there was none with that id */
    public synchronized Ban remove(String id) {
        Ban ban = byId.remove(id);
        if (ban != null) {
            byPeer.remove(binary(ban.peerId()), ban);
            byAddress.remove(ban.address(), ban);
            any = !byId.isEmpty();
        }
        return ban;
    }

    /** Whether any ban was made and not yet removed: one volatile read, for the paths that ask on every message. */
    public boolean any() {
        return any;
    }

    /**
     * Whether {@code peerId} is banned now. The peer_id is as the tracker holds it (20 characters, one per byte), so
     * that asking on every announce converts nothing.
     */
    public boolean refusesPeer(String peerId, long nowMillis) {
        if (!any) {
            return false;
        }
        Ban ban = byPeer.get(peerId);
        return ban != null && ban.active(nowMillis);
    }

    /** 40 hex digits as the 20-character string of their bytes (ISO-8859-1), as the tracker holds peer_ids. */
    private static String binary(String hex) {
        return new String(java.util.HexFormat.of().parseHex(hex), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code address} (as any form of an IP literal) is banned now. */
    public boolean refusesAddress(String address, long nowMillis) {
        if (!any || address == null) {
            return false;
        }
        Ban ban = byAddress.get(normalise(address));
        return ban != null && ban.active(nowMillis);
    }

    /** The bans in force, oldest first; ended ones are forgotten on the way. */
    public List<Ban> active(long nowMillis) {
        List<Ban> list = new ArrayList<>();
        for (Ban ban : byId.values()) {
            if (ban.active(nowMillis)) {
                list.add(ban);
            } else {
                remove(ban.id());
            }
        }
        list.sort(Comparator.comparingLong(Ban::createdMillis).thenComparing(Ban::id));
        return list;
    }

    public Ban find(String id) {
        return byId.get(id);
    }

    /**
     * One spelling per address, so that a ban on {@code ::1} also holds for {@code 0:0:0:0:0:0:0:1}, and an
     * IPv4-mapped IPv6 address for its IPv4 one. Anything that is not an IP literal is kept as it is (lower case).
     */
    public static String normalise(String address) {
        String text = address.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (!IP_CHARACTERS.matcher(text).matches() || (text.indexOf(':') < 0 && text.indexOf('.') < 0)) {
            return text.toLowerCase(Locale.ROOT);
        }
        try {
            return InetAddress.getByName(text).getHostAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            return text.toLowerCase(Locale.ROOT);
        }
    }
}
