package dev.rendezvous.tracker;

/**
 * One peer of one room as the operator sees it: a copy taken under its room's lock.
 *
 * @param peerId            its peer_id; for an HTTP or UDP peer, its {@link AddressPeer#key()} (peer_id and address)
 * @param lastAnnounceNanos {@link System#nanoTime()} of its last announce
 * @param handshake         its socket's handshake (address, Origin, User-Agent, opened); for an HTTP or UDP peer, its
 *                          announced address and port, and its first announce
 */
public record PeerDetails(String infoHash, String peerId, Protocol protocol, boolean seeder, long lastAnnounceNanos, long offersSent,
                          long offersReceived, Handshake handshake) {

    /** The peer_id alone, also for an HTTP or UDP peer. */
    public String announcedPeerId() {
        return protocol == Protocol.WEBSOCKET ? peerId : peerId.substring(0, 20);
    }
}
