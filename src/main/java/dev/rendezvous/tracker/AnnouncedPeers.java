package dev.rendezvous.tracker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peer_ids announced in any room on this node right now, for tracker-gated TURN credentials. Counted per
 * (room, peer_id), so a peer_id stays announced until it has left its last room. Updated only when a pair is added
 * or removed, never on a re-announce; each change is told to the {@link PresenceListener}. HTTP and UDP peers are
 * told to the listeners as (room, key) pairs, but never count here: tracker-gated TURN is for WebSocket peers only.
 */
public final class AnnouncedPeers {
    private final ConcurrentHashMap<String, AtomicInteger> rooms = new ConcurrentHashMap<>();
    /** HTTP and UDP peers per client address (its bytes as a binary string), over every room. */
    private final ConcurrentHashMap<String, AtomicInteger> listedPerAddress = new ConcurrentHashMap<>();
    private final AtomicInteger httpPeers = new AtomicInteger();
    private final AtomicInteger udpPeers = new AtomicInteger();
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

    /** An HTTP or UDP peer, keyed by {@link AddressPeer#key()}, joined a room. */
    void addressAdded(String infoHash, String key, Protocol protocol) {
        (protocol == Protocol.UDP ? udpPeers : httpPeers).incrementAndGet();
        listedPerAddress.computeIfAbsent(addressOf(key), k -> new AtomicInteger()).incrementAndGet();
        RoomWatcher watching = watcher;
        if (watching != null) {
            watching.joined(infoHash, key);
        }
    }

    /** An HTTP or UDP peer, keyed by {@link AddressPeer#key()}, left a room. */
    void addressRemoved(String infoHash, String key, Protocol protocol) {
        (protocol == Protocol.UDP ? udpPeers : httpPeers).decrementAndGet();
        listedPerAddress.computeIfPresent(addressOf(key), (k, count) -> count.decrementAndGet() > 0 ? count : null);
        RoomWatcher watching = watcher;
        if (watching != null) {
            watching.left(infoHash, key);
        }
        PresenceListener current = listener;
        if (current != null) {
            current.pairRemoved(infoHash, key);
        }
    }

    /** (room, peer) pairs of HTTP peers or of UDP peers on this node. */
    int listed(Protocol protocol) {
        return (protocol == Protocol.UDP ? udpPeers : httpPeers).get();
    }

    /** HTTP and UDP peers that {@code address} (its bytes as a binary string, {@link #addressOf}) holds over every room. */
    int listedFrom(String address) {
        AtomicInteger count = listedPerAddress.get(address);
        return count == null ? 0 : count.get();
    }

    /** The address part of an HTTP or UDP peer's key: the bytes between its peer_id and its port. */
    static String addressOf(String key) {
        return key.substring(20, key.length() - 2);
    }

    public boolean contains(String peerId) {
        return rooms.containsKey(peerId);
    }
}
