package dev.rendezvous.tracker;

/**
 * One peer of one room as the operator sees it: a copy taken under its room's lock.
 *
 * @param lastAnnounceNanos {@link System#nanoTime()} of its last announce
 * @param handshake         its socket's handshake (address, Origin, User-Agent, opened)
 */
public record PeerDetails(String infoHash, String peerId, boolean seeder, long lastAnnounceNanos, long offersSent,
                          long offersReceived, Handshake handshake) {
}
