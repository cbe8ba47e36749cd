package dev.rendezvous.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tracker's configuration, read and validated once at start-up. Durations are whole seconds.
 *
 * @param announceInterval   seconds clients are told to wait between announces
 * @param peerTimeout        seconds after its last announce before a peer is swept out of its room
 * @param maxOffers          most offers forwarded for one announce
 * @param maxMessageBytes    largest inbound frame; a larger one closes the socket with 1009
 * @param allowedOrigins     Origin allowlist; empty admits every origin
 * @param requireOrigin      refuse handshakes without an Origin header
 * @param fullScrape         allow a scrape without info_hash (lists every room)
 * @param idleTimeout        seconds of silence (no frame, no pong) before a socket is closed; also the
 *                           time a socket has to make its first announce. Longer than the announce interval,
 *                           since a live client's announces are what keep its socket open
 * @param statsRoomDetails   list room keys in /stats.json
 * @param maxQueuedMessages  outbound frames queued for one socket before it is closed as a slow reader
 * @param maxRoomsPerSocket  (room, peer_id) pairs one socket may announce at once
 * @param paths              the WebSocket paths the tracker answers at
 * @param sendTimeout        seconds one outbound frame may wait for a client that does not read before the
 *                           socket is closed as a slow reader
 * @param maxNumwant         most peers an HTTP or UDP announce is given, whatever its numwant asks (50 when it asks
 *                           for none)
 */
public record TrackerSettings(
        int announceInterval,
        int peerTimeout,
        int maxOffers,
        int maxMessageBytes,
        List<String> allowedOrigins,
        boolean requireOrigin,
        boolean fullScrape,
        int idleTimeout,
        boolean statsRoomDetails,
        int maxQueuedMessages,
        int maxRoomsPerSocket,
        List<String> paths,
        int sendTimeout,
        int maxNumwant) {

    public static final String PREFIX = "rendezvous.tracker.";
    private static final int DAY = 86_400;

    public TrackerSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        paths = List.copyOf(paths);
    }

    public static TrackerSettings read(ConfigSource source) {
        ConfigReader config = new ConfigReader(source);
        int announceInterval = config.integer(PREFIX + "announce-interval", 120, 1, DAY);
        int peerTimeout = config.integer(PREFIX + "peer-timeout", 300, 1, 7 * DAY);
        if (peerTimeout <= announceInterval) {
            throw new InvalidConfigurationException(PREFIX + "peer-timeout", peerTimeout
                    + " must be longer than " + PREFIX + "announce-interval (" + announceInterval
                    + "), or peers that announce on time are swept out");
        }
        int idleTimeout = config.integer(PREFIX + "idle-timeout", 180, 1, DAY);
        if (idleTimeout <= announceInterval) {
            throw new InvalidConfigurationException(PREFIX + "idle-timeout", idleTimeout
                    + " must be longer than " + PREFIX + "announce-interval (" + announceInterval
                    + "), or the sockets of clients that announce on time are closed");
        }
        return new TrackerSettings(
                announceInterval,
                peerTimeout,
                config.integer(PREFIX + "max-offers", 20, 0, 100),
                config.integer(PREFIX + "max-message-bytes", 65_536, 1_024, 16 * 1024 * 1024),
                dev.rendezvous.auth.OriginPolicy.validEntries(PREFIX + "allowed-origins", config.list(PREFIX + "allowed-origins")),
                config.bool(PREFIX + "require-origin", false),
                config.bool(PREFIX + "full-scrape", false),
                idleTimeout,
                config.bool(PREFIX + "stats-room-details", false),
                // 512: a client that announces every torrent at once (up to max-rooms-per-socket) is sent an answer for each, and
                // a loaded server may not have sent them yet when the last is queued (128 closed a 200-torrent client)
                config.integer(PREFIX + "max-queued-messages", 512, 4, 65_536),
                config.integer(PREFIX + "max-rooms-per-socket", 256, 1, 100_000),
                paths(source),
                config.integer(PREFIX + "send-timeout", 20, 1, 600),
                // 80: the reference's bound (82) rounded; 80 IPv4 peers fill 480 bytes of a reply
                config.integer(PREFIX + "max-numwant", 80, 1, 1_000));
    }

    /**
     * {@code rendezvous.tracker.paths}: a comma list of absolute WebSocket paths, by default {@code /announce} and
     * {@code /} (for clients configured with {@code wss://host} and no path).
     */
    public static List<String> paths(ConfigSource source) {
        String key = PREFIX + "paths";
        List<String> entries = new ConfigReader(source).list(key);
        if (entries.isEmpty()) {
            return List.of("/announce", "/");
        }
        Set<String> paths = new LinkedHashSet<>();
        for (String path : entries) {
            if (!path.matches("/[A-Za-z0-9._~!$&'()*+;=:@/-]*") || path.contains("//")) {
                throw new InvalidConfigurationException(key, "'" + path + "' is not an absolute path like /announce");
            }
            if (!paths.add(path)) {
                throw new InvalidConfigurationException(key, "'" + path + "' is listed twice");
            }
        }
        return List.copyOf(paths);
    }
}
