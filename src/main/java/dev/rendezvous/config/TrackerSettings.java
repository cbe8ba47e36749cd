package dev.rendezvous.config;

import java.util.List;

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
 *                           time a socket has to make its first announce
 * @param statsRoomDetails   list room keys in /stats.json
 * @param maxQueuedMessages  outbound frames queued for one socket before it is closed as a slow reader
 * @param maxRoomsPerSocket  (room, peer_id) pairs one socket may announce at once
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
        int maxRoomsPerSocket) {

    public static final String PREFIX = "rendezvous.tracker.";
    private static final int DAY = 86_400;

    public TrackerSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
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
        return new TrackerSettings(
                announceInterval,
                peerTimeout,
                config.integer(PREFIX + "max-offers", 20, 0, 100),
                config.integer(PREFIX + "max-message-bytes", 65_536, 1_024, 16 * 1024 * 1024),
                dev.rendezvous.auth.OriginPolicy.validEntries(PREFIX + "allowed-origins", config.list(PREFIX + "allowed-origins")),
                config.bool(PREFIX + "require-origin", false),
                config.bool(PREFIX + "full-scrape", false),
                config.integer(PREFIX + "idle-timeout", 180, 1, DAY),
                config.bool(PREFIX + "stats-room-details", false),
                config.integer(PREFIX + "max-queued-messages", 128, 4, 65_536),
                config.integer(PREFIX + "max-rooms-per-socket", 256, 1, 100_000));
    }
}
