package dev.rendezvous.tracker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peer_ids announced in any room on this node right now, for tracker-gated TURN credentials. Counted per
 * (room, peer_id), so a peer_id stays announced until it has left its last room. Updated only when a pair is added
 * or removed, never on a re-announce; each change is told to the {@link PresenceListener}.
 */
public final class AnnouncedPeers {
    private final ConcurrentHashMap<String, AtomicInteger> rooms = new ConcurrentHashMap<>();
    private volatile PresenceListener listener;
    private volatile RoomWatcher watcher;

    void listen(PresenceListener listener) {
        this.listener = listener;
    }

    void watch(RoomWatcher watcher) {
        this.watcher = watcher;
    }

    void added(String infoHash, String peerId) {
        RoomWatcher watching = watcher;
        if (watching != null) {
            watching.joined(infoHash, peerId);
        }
        rooms.compute(peerId, (k, count) -> {
            if (count != null) {
                count.incrementAndGet();
                return count;
            }
            PresenceListener current = listener;
            if (current != null) {
                current.peerArrived(peerId);
            }
            return new AtomicInteger(1);
        });
    }

    void removed(String infoHash, String peerId) {
        RoomWatcher watching = watcher;
        if (watching != null) {
            watching.left(infoHash, peerId);
        }
        PresenceListener current = listener;
        if (current != null) {
            current.pairRemoved(infoHash, peerId);
        }
        rooms.computeIfPresent(peerId, (k, count) -> {
            if (count.decrementAndGet() > 0) {
                return count;
            }
            if (current != null) {
                current.peerGone(peerId);
            }
            return null;
        });
    }

    public boolean contains(String peerId) {
        return rooms.containsKey(peerId);
    }
}
