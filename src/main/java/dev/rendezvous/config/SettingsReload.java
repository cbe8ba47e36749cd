package dev.rendezvous.config;

import dev.rendezvous.auth.AccessList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-reads the settings file and the access list, checks the whole result, and swaps it into {@link LiveSettings},
 * or refuses it whole and keeps the running settings. Keys that only take effect at start-up (ports, addresses, the
 * Redis URI, paths...) keep their running values; a new value for one is reported, not applied.
 */
public final class SettingsReload {
    private static final Logger LOG = Logger.getLogger(SettingsReload.class.getName());

    /**
     * The keys a reload applies. Every other key keeps its start-up value until the next start. The admin token is live
     * only while admin is on: turning admin on or off changes which fleet serves it, so that waits for a restart (a
     * token set while admin was off at start-up is pending restart; a reload that would empty the tokens is refused).
     */
    public static final Set<String> LIVE_KEYS = Set.of(
            "rendezvous.turn.secrets", "rendezvous.turn.users", "rendezvous.turn.credential-ttl",
            "rendezvous.turn.max-auth-failures-per-minute", AbuseLimits.TURN_CHALLENGES_PER_MINUTE,
            "rendezvous.tracker.allowed-origins", "rendezvous.tracker.require-origin",
            "rendezvous.tracker.announce-interval", "rendezvous.tracker.peer-timeout", "rendezvous.tracker.idle-timeout",
            "rendezvous.tracker.max-offers", "rendezvous.tracker.full-scrape", "rendezvous.tracker.stats-room-details",
            "rendezvous.tracker.max-rooms-per-socket", "rendezvous.tracker.max-message-bytes",
            "rendezvous.tracker.max-queued-messages", "rendezvous.tracker.send-timeout",
            AccessList.MODE_KEY, AccessList.PATH_KEY,
            AbuseLimits.MESSAGES_PER_SECOND, AbuseLimits.MESSAGE_BURST, AbuseLimits.SOCKETS_PER_ADDRESS,
            "rendezvous.ice-servers.requests-per-minute", "rendezvous.ice-servers.enabled", "rendezvous.public-host",
            "rendezvous.turn.max-allocations", "rendezvous.turn.max-allocations-per-user",
            "rendezvous.turn.max-allocations-per-address", "rendezvous.turn.max-permissions-per-allocation",
            "rendezvous.turn.max-channels-per-allocation", "rendezvous.turn.max-bps", AdminSettings.TOKEN);

    private final LiveSettings live;
    private final ConfigFile file;
    private final ConfigSource resolved;
    private final ConfigSource others;
    private final ReloadListener listener;
    private volatile ReloadStatus last;

    /**
     * @param file     the settings file's config source (one without a path when no file is named)
     * @param resolved the whole configuration, the file included
     * @param others   the configuration without the file
     */
    public SettingsReload(LiveSettings live, ConfigFile file, ConfigSource resolved, ConfigSource others,
                          ReloadListener listener) {
        this.live = live;
        this.file = file;
        this.resolved = resolved;
        this.others = others;
        this.listener = listener;
        this.last = new ReloadStatus(Instant.now(), ReloadStatus.Outcome.APPLIED, "settings read at start-up", List.of());
    }

    ConfigFile file() {
        return file;
    }

    public ReloadStatus last() {
        return last;
    }

    /** Reads the file and the access list again and applies them if the whole result is valid. */
    public synchronized ReloadStatus reload() {
        ReloadStatus status;
        try {
            status = apply();
        } catch (InvalidConfigurationException e) {
            status = new ReloadStatus(Instant.now(), ReloadStatus.Outcome.REFUSED, e.getMessage(), List.of());
            LOG.warning("Rendezvous settings reload refused, the running settings stay: " + e.getMessage());
        } catch (RuntimeException e) {
            status = new ReloadStatus(Instant.now(), ReloadStatus.Outcome.REFUSED, "unexpected: " + e, List.of());
            LOG.log(Level.WARNING, "Rendezvous settings reload refused, the running settings stay", e);
        }
        last = status;
        listener.reloaded(status);
        return status;
    }

    private ReloadStatus apply() {
        Map<String, String> candidate = file.path().isPresent()
                ? PropertiesFile.read(ConfigFile.KEY, file.path().get()) : Map.of();
        Map<String, String> atStart = file.atStart();
        Map<String, String> running = file.values();
        boolean adminOn = live.current().admin().enabled();
        Set<String> liveKeys = adminOn ? LIVE_KEYS
                : LIVE_KEYS.stream().filter(key -> !key.equals(AdminSettings.TOKEN)).collect(java.util.stream.Collectors.toSet());
        Map<String, String> effective = new TreeMap<>();
        candidate.forEach((key, value) -> {
            if (liveKeys.contains(key)) {
                effective.put(key, value);
            }
        });
        atStart.forEach((key, value) -> {
            if (!liveKeys.contains(key)) {
                effective.put(key, value);
            }
        });
        Set<String> pending = new TreeSet<>();
        Set<String> changed = new TreeSet<>();
        Set<String> keys = new TreeSet<>(candidate.keySet());
        keys.addAll(atStart.keySet());
        keys.addAll(running.keySet());
        for (String key : keys) {
            if (!liveKeys.contains(key) && !Objects.equals(atStart.get(key), candidate.get(key))) {
                pending.add(key);
            } else if (liveKeys.contains(key) && !Objects.equals(running.get(key), candidate.get(key))) {
                changed.add(key);
            }
        }
        ConfigSource view = key -> effective.containsKey(key) ? Optional.of(effective.get(key))
                : running.containsKey(key) ? others.get(key) : resolved.get(key);
        Settings next = Settings.read(view);
        if (adminOn && !next.admin().enabled()) {
            throw new InvalidConfigurationException(AdminSettings.TOKEN,
                    "admin is on, and no token would lock every operator out; turning admin off takes a restart");
        }
        file.replace(effective);
        live.swap(next);
        String where = file.path().map(p -> " from " + p).orElse("");
        String message = (changed.isEmpty() ? "no live key changed" : "changed: " + String.join(", ", changed))
                + "; " + next.accessList();
        LOG.info("Rendezvous settings reloaded" + where + ": " + message);
        if (!pending.isEmpty()) {
            LOG.warning("Rendezvous settings: not applied until a restart (only read at start-up): "
                    + String.join(", ", pending));
        }
        return new ReloadStatus(Instant.now(), ReloadStatus.Outcome.APPLIED, message, new ArrayList<>(pending));
    }
}
