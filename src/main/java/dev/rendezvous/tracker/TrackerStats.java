package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.BinaryString;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the swarms in the shape of the reference tracker's {@code /stats.json}, plus Rendezvous'
 * own figures. Peers are counted once per peer_id across rooms.
 */
@JsonbPropertyOrder({"torrents", "activeTorrents", "peersAll", "peersSeederOnly", "peersLeecherOnly",
        "peersSeederAndLeecher", "peersIPv4", "peersIPv6", "clients", "sockets", "uptimeSeconds",
        "messagesPerSecond", "rooms"})
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
        /* hex info_hash -> peers; null (left out) unless stats-room-details is on */
        Map<String, Integer> rooms) {

    private static final int SEEDS = 1;
    private static final int LEECHES = 2;
    private static final int IPV6 = 4;

    public static TrackerStats of(TrackerService tracker, long uptimeSeconds, double messagesPerSecond) {
        Map<String, Integer> flagsByPeer = new HashMap<>();
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
            PeerClient client = PeerClient.of(entry.getKey());
            clients.computeIfAbsent(client.name(), k -> new TreeMap<>()).merge(client.version(), 1, Integer::sum);
        }
        int all = flagsByPeer.size();
        return new TrackerStats(torrents, active, all, seederOnly, leecherOnly, both, all - ipv6, ipv6, clients,
                tracker.sockets().size(), uptimeSeconds, messagesPerSecond, rooms);
    }
}
