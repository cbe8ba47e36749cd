package dev.rendezvous.tracker;

/**
 * A peer_id in one room: who owns it, whether it seeds, when it last announced, how many offers it sent and was sent.
 * Guarded by its room.
 */
public final class Peer {
    private final String peerId;
    private PeerSocket owner;
    private boolean seeder;
    private long lastAnnounceNanos;
    /** Whether the cluster holds this peer as this node's, with this seeder flag: a re-announce then changes nothing there. */
    private boolean mirrored;
    /** Position in the room's peer array, for O(1) removal. */
    int slot;
    /** Offers this peer sent that reached a target, and offers it was sent: for the operator, counted by its room. */
    long offersSent;
    long offersReceived;

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
        mirrored = false;
    }

    void becomeSeeder() {
        seeder = true;
        mirrored = false;
    }

    boolean mirrored() {
        return mirrored;
    }

    void mirrored(boolean mirrored) {
        this.mirrored = mirrored;
    }

    void announced(long nowNanos) {
        lastAnnounceNanos = nowNanos;
    }

    long lastAnnounceNanos() {
        return lastAnnounceNanos;
    }
}
