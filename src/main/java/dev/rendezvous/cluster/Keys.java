package dev.rendezvous.cluster;

/**
 * The names of everything the cluster keeps in Redis, all under one prefix:
 * <ul>
 *   <li>{@code room:<info_hash>}: hash of peer_id to {@code <node>|S} (seeder) or {@code <node>|L};</li>
 *   <li>{@code room:<info_hash>:counts}: hash with {@code complete} and {@code downloaded};</li>
 *   <li>{@code rooms}: set of the rooms with at least one peer;</li>
 *   <li>{@code nodes}: sorted set of nodes by their last heartbeat; {@code node-figures}: hash of each node's figures;</li>
 *   <li>{@code node:<id>:rooms} and {@code node:<id>:peers}: what a node holds, to remove it when it dies;</li>
 *   <li>channels {@code node:<id>} (frames for that node's peers) and {@code events} (peer_ids and nodes coming and
 *   going, for the TURN gate).</li>
 * </ul>
 * Info hashes and peer_ids are written as 40 hex digits.
 */
record Keys(String prefix, String node) {

    String room(String infoHashHex) {
        return prefix + "room:" + infoHashHex;
    }

    String counts(String infoHashHex) {
        return room(infoHashHex) + ":counts";
    }

    String rooms() {
        return prefix + "rooms";
    }

    String nodes() {
        return prefix + "nodes";
    }

    String nodeFigures() {
        return prefix + "node-figures";
    }

    String roomsOf(String nodeId) {
        return prefix + "node:" + nodeId + ":rooms";
    }

    String peersOf(String nodeId) {
        return prefix + "node:" + nodeId + ":peers";
    }

    /** Prefix of the frame channels; the node's id completes it. */
    String frameChannelPrefix() {
        return prefix + "node:";
    }

    String frameChannel() {
        return frameChannelPrefix() + node;
    }

    String events() {
        return prefix + "events";
    }
}
