package dev.rendezvous.tracker;

/**
 * Hears peers join and leave this node's rooms (not re-announces), for the operator's event stream. Called under the
 * room's lock: an implementation must return at once and never block.
 */
public interface RoomWatcher {
    void joined(String infoHash, String peerId);

    void left(String infoHash, String peerId);
}
