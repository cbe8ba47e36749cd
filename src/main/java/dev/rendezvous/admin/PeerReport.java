package dev.rendezvous.admin;

/**
 * One peer of one room. {@code id} is its peer_id, or for an HTTP or UDP peer its peer_id and compact address (in
 * hex), by which it is kicked. {@code protocol} is websocket, http or udp. {@code address}, {@code origin} and
 * {@code userAgent} are what its client sent (the address after trusted proxies): show them as text, never as markup.
 * An HTTP or UDP peer has no origin or user agent, and its {@code connectedSince} is its first announce.
 *
 * @param connectedSince when its socket opened, ISO-8601
 * @param lastAnnounce   when it last announced, ISO-8601
 */
public record PeerReport(String id, String peerId, String protocol, String infoHash, String node, String address, String origin,
                         String userAgent, boolean seeder, String connectedSince, String lastAnnounce, long offersSent,
                         long offersReceived) {
}
