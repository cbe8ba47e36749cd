package dev.rendezvous.tracker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peer_ids announced in any room right now, for tracker-gated TURN credentials. Counted per (room,
 * peer_id), so a peer_id stays announced until it has left its last room. Updated only when a pair is added
 * or removed, never on a re-announce.
 */
public final class AnnouncedPeers {
    private final ConcurrentHashMap<String, AtomicInteger> rooms = new ConcurrentHashMap<>();

    void added(String peerId) {
        rooms.computeIfAbsent(peerId, k -> new AtomicInteger()).incrementAndGet();
    }

    void removed(String peerId) {
        rooms.computeIfPresent(peerId, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    public boolean contains(String peerId) {
        return rooms.containsKey(peerId);
    }
}
