package dev.rendezvous.it;

import dev.rendezvous.tracker.http.BencodeDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.ClusterChecks.awaitConnected;
import static dev.rendezvous.it.ClusterChecks.startTogether;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.HttpTrackerIT.escape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP tracker in cluster mode: two Liberty nodes on a real {@code redis-server}. An announce on node B is given
 * the peer that announced on node A, and counts and scrapes cover both nodes. Here the swarms answer after a Redis
 * round trip, so these requests take the filter's asynchronous path (servlet async, the answer written on a container
 * thread), which the single-node tests never reach.
 */
class HttpTrackerClusterIT {
    private static final String TOKEN = "http-tracker-admin-token-0123456789";
    /** A trusted proxy on these nodes: its X-Forwarded-For names the client, so tests can be any address. */
    private static final String PROXY = "127.0.0.2";
    private static RedisServer redis;
    private static LibertyServer a;
    private static LibertyServer b;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void startCluster() throws Exception {
        redis = RedisServer.start();
        a = node("a");
        b = node("b");
        startTogether(List.of(a, b), Duration.ofSeconds(180));
        awaitConnected(List.of(a, b));
    }

    private static LibertyServer node(String letter) {
        return LibertyServer.named("http-tracker-node-" + letter)
                .property("rendezvous.cluster.redis-uri", redis.uri())
                .property("rendezvous.cluster.node-id", "http-node-" + letter)
                .property("rendezvous.cluster.node-timeout", 4)
                .property("rendezvous.turn.enabled", false)
                .property("rendezvous.trusted-proxies", PROXY + "/32")
                .property("rendezvous.admin.token", TOKEN)
                .build();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        List.of(a, b).parallelStream().filter(java.util.Objects::nonNull).forEach(LibertyServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    private static Map<String, Object> announce(LibertyServer node, String infoHash, String peerId, int port, String extra) {
        Map<String, Object> body = HttpTrackerIT.body(RawHttp.get("127.0.0.1", node.httpPort(), announceTarget(infoHash, peerId, port, extra)));
        assertNull(body.get("failure reason"), body.toString());
        return body;
    }

    private static String announceTarget(String infoHash, String peerId, int port, String extra) {
        return "/announce?info_hash=" + escape(infoHash) + "&peer_id=" + escape(peerId) + "&port=" + port + extra;
    }

    /** The decoded answer to {@code target} on {@code node}, asked by the client at {@code address} through the proxy. */
    private static Map<String, Object> from(String address, LibertyServer node, String target) {
        return HttpTrackerIT.body(RawHttp.get(PROXY, node.httpPort(), target, "X-Forwarded-For: " + address));
    }

    private static Map<?, ?> scrape(LibertyServer node, String infoHash) {
        Map<String, Object> body = HttpTrackerIT.body(RawHttp.get("127.0.0.1", node.httpPort(), "/scrape?info_hash=" + escape(infoHash)));
        assertNull(body.get("failure reason"), body.toString());
        return (Map<?, ?>) ((Map<?, ?>) body.get("files")).get(infoHash);
    }

    private static Set<String> peers(Map<String, Object> body) {
        byte[] bytes = BencodeDecoder.bytes(body.get("peers"));
        Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i + 6 <= bytes.length; i += 6) {
            out.add((bytes[i] & 0xFF) + "." + (bytes[i + 1] & 0xFF) + "." + (bytes[i + 2] & 0xFF) + "." + (bytes[i + 3] & 0xFF)
                    + ":" + (((bytes[i + 4] & 0xFF) << 8) | (bytes[i + 5] & 0xFF)));
        }
        return out;
    }

    @Test
    void anAnnounceOnOneNodeIsGivenThePeerOfTheOtherAndCountsCoverBoth() {
        String swarm = id("cluster-swarm");
        String seeder = id("seed-on-a");
        announce(a, swarm, seeder, 8001, "&left=0&event=started");
        String leecher = id("leech-on-b");
        Map<String, Object> onB = announce(b, swarm, leecher, 8002, "&left=5&event=started");
        assertEquals(Set.of("127.0.0.1:8001"), peers(onB), "node B hands out node A's peer");
        assertEquals(1L, onB.get("complete"));
        assertEquals(1L, onB.get("incomplete"));
        assertEquals(Map.of("complete", 1L, "downloaded", 0L, "incomplete", 1L), scrape(a, swarm));
        assertEquals(scrape(a, swarm), scrape(b, swarm));

        Map<String, Object> dictionary = announce(a, swarm, seeder, 8001, "&left=0&compact=0");
        assertEquals(List.of(Map.of("ip", "127.0.0.1", "peer id", leecher, "port", 8002L)), dictionary.get("peers"),
                "the dictionary model across nodes");

        announce(a, swarm, seeder, 8001, "&left=0&event=stopped");
        assertEquals(Map.of("complete", 0L, "downloaded", 0L, "incomplete", 1L), scrape(b, swarm), "stopped on A leaves everywhere");
    }

    @Test
    void manyConcurrentAnnouncesOnTheAsynchronousPathAreEachAnsweredInFull() throws Exception {
        String swarm = id("cluster-crowd");
        announce(a, swarm, id("crowd-seed"), 9000, "&left=0");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Map<String, Object>>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int port = 9001 + i;
                LibertyServer node = i % 2 == 0 ? b : a;
                replies.add(pool.submit(() -> announce(node, swarm, id("crowd" + port), port, "&left=1&numwant=5")));
            }
            for (Future<Map<String, Object>> reply : replies) {
                Map<String, Object> body = reply.get(60, TimeUnit.SECONDS);
                assertEquals(1L, body.get("complete"));
                Set<String> peers = peers(body);
                assertTrue(!peers.isEmpty() && peers.size() <= 5, body.toString());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<?, ?> counts = scrape(b, swarm);
        assertEquals(1L, counts.get("complete"));
        assertEquals(200L, counts.get("incomplete"));
    }

    @Test
    void anAddressBannedThroughTheAdminApiIsRefusedAnnouncesAndScrapesOnEveryNode() throws Exception {
        String swarm = id("cluster-ban");
        String peerId = id("to-be-banned");
        String banned = "192.0.2.66";
        assertNull(from(banned, a, announceTarget(swarm, peerId, 8501, "&left=3")).get("failure reason"));
        // The admin API names an HTTP peer by its peer_id and its compact address, in hex.
        String peer = java.util.HexFormat.of().formatHex((peerId).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                + "c0000242" + String.format("%04x", 8501);
        String room = java.util.HexFormat.of().formatHex(swarm.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        AdminApi admin = new AdminApi(b.http(), TOKEN);
        jakarta.json.JsonObject kicked = admin.ok("DELETE", "/admin/rooms/" + room + "/peers/" + peer + "?ban=120");
        assertEquals(banned, kicked.getJsonObject("ban").getString("address"), kicked.toString());

        double refusedBefore = Server.metricOf(a.http(), "rendezvous_tracker_http_refusals_total", "reason=\"address_banned\"");
        for (LibertyServer node : List.of(b, a)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Map<String, Object> refused = from(banned, node, announceTarget(swarm, peerId, 8501, "&left=3"));
            while (refused.get("failure reason") == null && System.nanoTime() < deadline) { // the ban reaches every node
                Thread.sleep(200);
                refused = from(banned, node, announceTarget(swarm, peerId, 8501, "&left=3"));
            }
            assertEquals(Map.of("failure reason", "address banned by the operator"), refused, node.http());
            assertEquals(Map.of("failure reason", "address banned by the operator"),
                    from(banned, node, "/scrape?info_hash=" + escape(swarm)), "scrapes too, on " + node.http());
            assertNull(from("192.0.2.67", node, announceTarget(swarm, id("neighbour"), 8502, "")).get("failure reason"),
                    "another address is served");
        }
        assertTrue(Server.metricOf(a.http(), "rendezvous_tracker_http_refusals_total", "reason=\"address_banned\"") > refusedBefore);
        assertEquals(0L, scrape(a, swarm).get("complete"));
        assertEquals(2L, scrape(b, swarm).get("incomplete"), "the kicked peer left; only the two neighbours are counted");
    }
}
