package dev.rendezvous.cluster;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer_ids that the other live nodes have announced, kept here so that the TURN gate asks no one: fed by the
 * nodes' events, reloaded whole from Redis when a node (or this one) reconnects, and dropped per node when it dies.
 * Costs about 100 bytes per peer of the cluster (an estimate: a String of 20 chars and a set entry).
 */
final class RemotePeers {
    private final ConcurrentHashMap<String, Set<String>> byNode = new ConcurrentHashMap<>();

    boolean contains(String peerId) {
        for (Set<String> peers : byNode.values()) {
            if (peers.contains(peerId)) {
                return true;
            }
        }
        return false;
    }

    void add(String node, String peerId) {
        byNode.computeIfAbsent(node, n -> ConcurrentHashMap.newKeySet()).add(peerId);
    }

    void remove(String node, String peerId) {
        Set<String> peers = byNode.get(node);
        if (peers != null) {
            peers.remove(peerId);
        }
    }

    void replace(String node, Collection<String> peerIds) {
        Set<String> peers = ConcurrentHashMap.newKeySet(peerIds.size());
        peers.addAll(peerIds);
        byNode.put(node, peers);
    }

    void drop(String node) {
        byNode.remove(node);
    }

    /** Forgets every node not in {@code live}. */
    void retain(Collection<String> live) {
        byNode.keySet().retainAll(live);
    }

    int size() {
        int size = 0;
        for (Set<String> peers : byNode.values()) {
            size += peers.size();
        }
        return size;
    }
}
