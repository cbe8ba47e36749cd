package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.BinaryString;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the swarms in the shape of the reference tracker's {@code /stats.json}, plus Rendezvous'
 * own figures. Peers are counted once per peer_id across rooms; an HTTP or UDP peer once per peer_id and address.
 */
@JsonbPropertyOrder({"torrents", "activeTorrents", "peersAll", "peersSeederOnly", "peersLeecherOnly",
        "peersSeederAndLeecher", "peersIPv4", "peersIPv6", "clients", "sockets", "uptimeSeconds",
        "messagesPerSecond", "pairs", "protocols", "cluster", "rooms"})
public record TrackerStats(
        int torrents,
        int activeTorrents,
        int peersAll,
        int peersSeederOnly,
        int peersLeecherOnly,
        int peersSeederAndLeecher,
        int peersIPv4,
        int peersIPv6,
        Map<String, Map<String, Integer>> clients,
        int sockets,
        long uptimeSeconds,
        double messagesPerSecond,
        /* (room, peer_id) pairs */
        int pairs,
        /* (room, peer) pairs by the protocol the peer announced over: websocket, http, udp */
        Map<String, Integer> protocols,
        /* null (left out) on a single node */
        ClusterFigures cluster,
        /* hex info_hash -> peers on this node; null (left out) unless stats-room-details is on */
        Map<String, Integer> rooms) {

    /**
     * What a cluster adds: which node answered, whether it uses the shared state, the live nodes, and the sockets
     * of all of them (the top-level {@code sockets} and {@code messagesPerSecond} are this node's).
     */
    @JsonbPropertyOrder({"node", "engine", "nodes", "sockets"})
    public record ClusterFigures(String node, String engine, List<String> nodes, int sockets) {
    }

    private static final int SEEDS = 1;
    private static final int LEECHES = 2;
    private static final int IPV6 = 4;

    public static TrackerStats of(TrackerService tracker, long uptimeSeconds, double messagesPerSecond) {
        Map<String, Integer> flagsByPeer = new HashMap<>();
        Map<String, Integer> protocols = new TreeMap<>();
        for (Protocol protocol : Protocol.values()) {
            protocols.put(protocol.label(), 0);
        }
        Map<String, Integer> rooms = tracker.settings().statsRoomDetails() ? new TreeMap<>() : null;
        int torrents = 0;
        int active = 0;
        for (Room room : tracker.registry().rooms()) {
            int[] size = {0};
            room.forEachPeer(peer -> {
                int flags = (peer.seeder() ? SEEDS : LEECHES) | (peer.owner().ipv6() ? IPV6 : 0);
                flagsByPeer.merge(peer.peerId(), flags, (a, b) -> a | b);
                size[0]++;
            });
            protocols.merge(Protocol.WEBSOCKET.label(), size[0], Integer::sum);
            room.forEachAddressPeer(listed -> {
                int flags = (listed.seeder ? SEEDS : LEECHES) | (listed.peer.ipv6() ? IPV6 : 0);
                flagsByPeer.merge(listed.key, flags, (a, b) -> a | b);
                protocols.merge(listed.protocol.label(), 1, Integer::sum);
                size[0]++;
            });
            torrents++;
            if (size[0] > 0) {
                active++;
            }
            if (rooms != null) {
                rooms.put(BinaryString.toHex(room.infoHash()), size[0]);
            }
        }
        int seederOnly = 0;
        int leecherOnly = 0;
        int both = 0;
        int ipv6 = 0;
        Map<String, Map<String, Integer>> clients = new TreeMap<>();
        for (Map.Entry<String, Integer> entry : flagsByPeer.entrySet()) {
            int flags = entry.getValue();
            boolean seeds = (flags & SEEDS) != 0;
            boolean leeches = (flags & LEECHES) != 0;
            if (seeds && leeches) {
                both++;
            } else if (seeds) {
                seederOnly++;
            } else {
                leecherOnly++;
            }
            if ((flags & IPV6) != 0) {
                ipv6++;
            }
            PeerClient client = PeerClient.of(entry.getKey().substring(0, BinaryString.ID_LENGTH));
            clients.computeIfAbsent(client.name(), k -> new TreeMap<>()).merge(client.version(), 1, Integer::sum);
        }
        int all = flagsByPeer.size();
        return new TrackerStats(torrents, active, all, seederOnly, leecherOnly, both, all - ipv6, ipv6, clients,
                tracker.sockets().size(), uptimeSeconds, messagesPerSecond, tracker.registry().peerCount(), protocols,
                null, rooms);
    }

    /** The same figures without the per-room list. */
    public TrackerStats withoutRoomDetails() {
        return new TrackerStats(torrents, activeTorrents, peersAll, peersSeederOnly, peersLeecherOnly,
                peersSeederAndLeecher, peersIPv4, peersIPv6, clients, sockets, uptimeSeconds, messagesPerSecond, pairs,
                protocols, cluster, null);
    }

    /**
     * This node's figures with the other nodes' added: peer figures are summed (a peer_id held by two nodes at once
     * counts twice), rooms are the cluster's, and sockets and messages/s stay this node's.
     */
    public TrackerStats withCluster(ClusterStatus cluster) {
        int peersAll = this.peersAll;
        int seederOnly = peersSeederOnly;
        int leecherOnly = peersLeecherOnly;
        int both = peersSeederAndLeecher;
        int v4 = peersIPv4;
        int v6 = peersIPv6;
        int allPairs = pairs;
        int allSockets = sockets;
        Map<String, Integer> allProtocols = new TreeMap<>(protocols);
        Map<String, Map<String, Integer>> allClients = new TreeMap<>();
        clients.forEach((name, versions) -> allClients.put(name, new TreeMap<>(versions)));
        for (TrackerStats node : cluster.otherNodes()) {
            peersAll += node.peersAll;
            seederOnly += node.peersSeederOnly;
            leecherOnly += node.peersLeecherOnly;
            both += node.peersSeederAndLeecher;
            v4 += node.peersIPv4;
            v6 += node.peersIPv6;
            allPairs += node.pairs;
            allSockets += node.sockets;
            if (node.protocols != null) {
                node.protocols.forEach((protocol, count) -> allProtocols.merge(protocol, count, Integer::sum));
            }
            if (node.clients != null) {
                node.clients.forEach((name, versions) -> versions.forEach((version, count) ->
                        allClients.computeIfAbsent(name, k -> new TreeMap<>()).merge(version, count, Integer::sum)));
            }
        }
        int clusterRooms = cluster.engineUp() ? cluster.rooms() : torrents;
        return new TrackerStats(clusterRooms, clusterRooms, peersAll, seederOnly, leecherOnly, both, v4, v6,
                allClients, sockets, uptimeSeconds, messagesPerSecond, allPairs, allProtocols,
                new ClusterFigures(cluster.node(), cluster.engineUp() ? "connected" : "unreachable",
                        cluster.liveNodes(), allSockets), rooms);
    }
}
