package dev.rendezvous.cluster;

/**
 * The names of everything the cluster keeps in Redis, all under one prefix. Each script's keys share a hash slot, so
 * that the same layout works on one Redis, behind Sentinel, and on a Redis Cluster:
 * <ul>
 *   <li>per room, tagged with its info_hash: {@code room:{<info_hash>}}, a hash of peer_id to {@code <node>|S}
 *   (seeder) or {@code <node>|L}; {@code room:{<info_hash>}:peers}, the same peer_ids in a sorted set (every score 0),
 *   where offer targets are drawn by rank, evenly; {@code room:{<info_hash>}:listed}, the room's HTTP and UDP peers
 *   in a sorted set scored by address family (4 or 6), where their peer lists are drawn; and
 *   {@code room:{<info_hash>}:counts}, a hash with {@code complete} and {@code downloaded}. An HTTP or UDP peer's
 *   field in the room's hash is its peer_id and compact address (52 or 76 hex digits), so the hash counts every
 *   protocol's peers, and a dead node's are removed with the rest of its own;</li>
 *   <li>the cluster's own records, tagged {@code {cluster}}: {@code nodes}, a sorted set of nodes by their last
 *   heartbeat; {@code node-figures}, each node's figures; {@code rooms}, the rooms with at least one peer; and
 *   {@code node:<id>:rooms} and {@code node:<id>:peers}, what a node holds, to remove it when it dies;</li>
 *   <li>channels {@code node:<id>} (frames for that node's peers) and {@code events} (peer_ids and nodes coming and
 *   going, for the TURN gate). Channels have no slot: a Redis Cluster passes every message to every shard.</li>
 * </ul>
 * Info hashes and peer_ids are written as 40 hex digits. Neither the prefix nor node ids may hold braces
 * ({@link dev.rendezvous.config.ClusterSettings} checks), so the tags above are the only ones.
 */
record Keys(String prefix, String node) {
    private static final String CLUSTER = "{cluster}:";

    String room(String infoHashHex) {
        return prefix + "room:{" + infoHashHex + "}";
    }

    /** A room's keys, the ones every room script takes. */
    String[] roomKeys(String infoHashHex) {
        String room = room(infoHashHex);
        return new String[]{room, room + ":counts", room + ":peers", room + ":listed"};
    }

    String rooms() {
        return prefix + CLUSTER + "rooms";
    }

    String nodes() {
        return prefix + CLUSTER + "nodes";
    }

    String nodeFigures() {
        return prefix + CLUSTER + "node-figures";
    }

    String roomsOf(String nodeId) {
        return prefix + CLUSTER + "node:" + nodeId + ":rooms";
    }

    String peersOf(String nodeId) {
        return prefix + CLUSTER + "node:" + nodeId + ":peers";
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
