package dev.rendezvous.tracker;

/** An HTTP or UDP peer in one room, with what the room keeps of it. Guarded by its room. */
final class ListedPeer {
    final String key;
    final AddressPeer peer;
    final Protocol protocol;
    final long firstAnnounceMillis;
    boolean seeder;
    long lastAnnounceNanos;
    /** Position in its family's array, for O(1) removal. */
    int slot;

    ListedPeer(String key, AddressPeer peer, Protocol protocol, long nowNanos) {
        this.key = key;
        this.peer = peer;
        this.protocol = protocol;
        this.firstAnnounceMillis = System.currentTimeMillis();
        this.lastAnnounceNanos = nowNanos;
    }
}
