package dev.rendezvous.tracker;

/**
 * Hears this node's rooms change. Called while the change is being made (under the room's or the peer_id's lock),
 * so calls for one peer_id arrive in the order the changes happened; an implementation must return at once.
 */
public interface PresenceListener {
    /** A (room, peer_id) pair left this node: stopped, closed, swept or taken over by another node. */
    void pairRemoved(String infoHash, String peerId);

    /** {@code peerId} is now announced in its first room on this node. */
    void peerArrived(String peerId);

    /** {@code peerId} left its last room on this node. */
    void peerGone(String peerId);
}
