package dev.rendezvous.config;

/**
 * Limits against abuse that real clients never reach; every one can change live. The defaults and why:
 *
 * @param messagesPerSecond      frames one tracker socket may send per second, on average (a token bucket). 50: a
 *                               WebTorrent client re-announces each torrent every two minutes and answers the offers
 *                               it is sent, a few frames a second even with hundreds of torrents
 * @param messageBurst           frames one socket may send at once, the bucket's size. 1000: a client announces every
 *                               torrent at start-up in one go (up to {@code max-rooms-per-socket}, 256) and answers
 *                               the offers that follow; past the bucket a failure frame, and a socket that goes on
 *                               for another {@code message-burst} frames is closed with 1008
 * @param socketsPerAddress      open tracker sockets per client address (after trusted proxies). 1024: 500 users
 *                               behind one carrier-grade NAT address, with two tabs each
 * @param turnChallengesPerMinute 401 challenges a TURN client address is sent per minute (unauthenticated requests:
 *                               each new allocation starts with one). 6000: 500 users behind one NAT address making
 *                               a dozen allocations a minute each; past it requests are dropped unanswered, so the
 *                               server cannot be used to reflect traffic at a forged source address
 * @param peersPerAddress        HTTP and UDP peers (a peer_id and port in one swarm) one client address may hold over
 *                               all swarms. 10,000: a seedbox seeding thousands of torrents from one address; past it
 *                               new announces from that address get a failure reason, so that one address cannot fill
 *                               the tracker's memory with made-up peers
 */
public record AbuseLimits(int messagesPerSecond, int messageBurst, int socketsPerAddress, int turnChallengesPerMinute,
                          int peersPerAddress) {
    public static final String MESSAGES_PER_SECOND = "rendezvous.tracker.max-messages-per-second";
    public static final String MESSAGE_BURST = "rendezvous.tracker.message-burst";
    public static final String SOCKETS_PER_ADDRESS = "rendezvous.tracker.max-sockets-per-address";
    public static final String TURN_CHALLENGES_PER_MINUTE = "rendezvous.turn.max-challenges-per-minute";
    public static final String PEERS_PER_ADDRESS = "rendezvous.tracker.max-peers-per-address";

    public static AbuseLimits read(ConfigSource source) {
        ConfigReader config = new ConfigReader(source);
        return new AbuseLimits(
                config.integer(MESSAGES_PER_SECOND, 50, 1, 1_000_000),
                config.integer(MESSAGE_BURST, 1000, 1, 1_000_000),
                config.integer(SOCKETS_PER_ADDRESS, 1024, 1, 1_000_000),
                config.integer(TURN_CHALLENGES_PER_MINUTE, 6000, 1, 10_000_000),
                config.integer(PEERS_PER_ADDRESS, 10_000, 1, 10_000_000));
    }
}
