package dev.rendezvous.admin;

/** One ban: of a peer_id (40 hex digits, or empty) and of a client address (or empty), until {@code expires}. */
public record BanReport(String id, String peerId, String address, String created, String expires) {
}
