package dev.rendezvous.tracker;

/** A (room, peer_id) pair that one socket announced. */
public record Membership(String infoHash, String peerId) {
}
