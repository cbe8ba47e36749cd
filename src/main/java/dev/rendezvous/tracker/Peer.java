package dev.rendezvous.tracker;

/** A peer_id in one room: who owns it, whether it seeds, when it last announced. Guarded by its room. */
public final class Peer {
    private final String peerId;
    private PeerSocket owner;
    private boolean seeder;
    private long lastAnnounceNanos;
    /** Position in the room's peer array, for O(1) removal. */
    int slot;

    Peer(String peerId, PeerSocket owner, long nowNanos) {
        this.peerId = peerId;
        this.owner = owner;
        this.lastAnnounceNanos = nowNanos;
    }

    public String peerId() {
        return peerId;
    }

    public PeerSocket owner() {
        return owner;
    }

    public boolean seeder() {
        return seeder;
    }

    void owner(PeerSocket socket) {
        owner = socket;
    }

    void becomeSeeder() {
        seeder = true;
    }

    void announced(long nowNanos) {
        lastAnnounceNanos = nowNanos;
    }

    long lastAnnounceNanos() {
        return lastAnnounceNanos;
    }
}
