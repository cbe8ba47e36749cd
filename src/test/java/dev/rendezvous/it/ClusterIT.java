package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.rendezvous.it.ClusterChecks.awaitHealth;
import static dev.rendezvous.it.ClusterChecks.awaitTrue;
import static dev.rendezvous.it.ClusterChecks.metric;
import static dev.rendezvous.it.ClusterChecks.scrape;
import static dev.rendezvous.it.ClusterChecks.startTogether;
import static dev.rendezvous.it.ClusterChecks.stats;
import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.answer;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static dev.rendezvous.it.Frames.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster mode as operators run it: a real Debian {@code redis-server}, three Liberty nodes on their own loopback
 * ports (each with its own TURN server, all tracker-gated with one shared secret), and Debian's nginx in front of
 * them with the cluster example from docs/deploy. The reference bittorrent-tracker clients, coturn's uclient and
 * Chromium are the clients. The tests run in order: the last ones kill Redis, kill a node and drain another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Path EXAMPLE = Path.of(System.getProperty("it.docs.dir", "docs"), "deploy", "nginx-cluster.conf");
    private static final Path DIR = Path.of("target", "cluster-it").toAbsolutePath();
    private static final Pattern TOTALS = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)\\s*$", Pattern.MULTILINE);
    private static final int NODE_TIMEOUT = 4;
    private static final String SECRET = "cluster-secret";

    private static RedisServer redis;
    private static final List<LibertyServer> nodes = new ArrayList<>();
    /** The nodes not yet killed or drained. */
    private static final List<LibertyServer> live = new ArrayList<>();
    private static final List<Integer> turnPorts = new ArrayList<>();
    private static Nginx nginx;
    private static int nginxPort;
    private static Process echoPeer;
    private static int echoPeerPort;

    @BeforeAll
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    static void startCluster() throws Exception {
        Files.createDirectories(DIR.resolve("logs"));
        redis = RedisServer.start();
        for (String name : List.of("node-a", "node-b", "node-c")) {
            int turnPort = FreePorts.next();
            turnPorts.add(turnPort);
            LibertyServer node = node(name, turnPort, nodes.size());
            nodes.add(node);
        }
        startTogether(nodes);
        for (LibertyServer node : nodes) {
            awaitHealth(node, "\"state\":\"connected\"", Duration.ofSeconds(20));
        }
        live.addAll(nodes);
        awaitNodes(3);
        startNginx();
        echoPeerPort = FreePorts.next();
        echoPeer = new ProcessBuilder("turnutils_peer", "-L", "127.0.0.1", "-p", String.valueOf(echoPeerPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static LibertyServer node(String name, int turnPort, int index) {
        int relayBase = 41_000 + 1_000 * index;
        return LibertyServer.named("cluster-" + name)
                .property("rendezvous.cluster.redis-uri", redis.uri())
                .property("rendezvous.cluster.node-id", name)
                .property("rendezvous.cluster.node-timeout", NODE_TIMEOUT)
                .property("rendezvous.tracker.announce-interval", 5)
                .property("rendezvous.tracker.peer-timeout", 60)
                .property("rendezvous.tracker.idle-timeout", 60)
                .property("rendezvous.tracker.full-scrape", true)
                .property("rendezvous.turn.listen-address", "127.0.0.1")
                .property("rendezvous.turn.port", turnPort)
                .property("rendezvous.turn.tls-port", 0)
                .property("rendezvous.turn.relay-port-min", relayBase)
                .property("rendezvous.turn.relay-port-max", relayBase + 999)
                .property("rendezvous.turn.allow-loopback-peers", true)
                .property("rendezvous.turn.secrets", SECRET)
                .property("rendezvous.turn.tracker-gated", true)
                // Every client here is 127.0.0.1: the gate test's refused uclient must not lock the browser out.
                .property("rendezvous.turn.max-auth-failures-per-minute", 1000)
                .property("rendezvous.trusted-proxies", "127.0.0.1/32")
                .build();
    }

    /** The docs' example, with the three nodes as its upstreams. */
    private static void startNginx() throws Exception {
        StringBuilder upstreams = new StringBuilder();
        for (LibertyServer node : nodes) {
            upstreams.append("    server 127.0.0.1:").append(node.httpPort()).append(" max_fails=1 fail_timeout=10s;\n");
        }
        String example = "    server 10.0.0.11:9080 max_fails=1 fail_timeout=10s;\n"
                + "    server 10.0.0.12:9080 max_fails=1 fail_timeout=10s;\n"
                + "    server 10.0.0.13:9080 max_fails=1 fail_timeout=10s;\n";
        nginx = Nginx.start(DIR, EXAMPLE, example, upstreams.toString());
        nginxPort = nginx.port();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (echoPeer != null) {
            echoPeer.destroyForcibly();
        }
        nodes.parallelStream().forEach(LibertyServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    private static LibertyServer a() {
        return nodes.get(0);
    }

    private static LibertyServer b() {
        return nodes.get(1);
    }

    private static LibertyServer c() {
        return nodes.get(2);
    }

    private static String nginxUrl() {
        return "ws://127.0.0.1:" + nginxPort + "/announce";
    }

    @Test
    @Order(1)
    void referenceClientsOnTwoNodesMeet() throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs",
                b().ws() + "/announce", a().ws() + "/announce");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"met\":true"), result.output());
    }

    @Test
    @Order(2)
    void referenceClientsThroughNginxLandOnDifferentNodesAndMeet() throws Exception {
        Files.writeString(nginx.accessLog(), "");
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs", nginxUrl());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"met\":true"), result.output());
        // nginx writes a WebSocket's line when it ends, which is when the clients are destroyed.
        String a = awaitUpstreamOf("client=a");
        String b = awaitUpstreamOf("client=b");
        assertNotEquals(a, b, "least_conn sent the second socket to another node");
    }

    @Test
    @Order(3)
    void offersCrossNodesByteForByteAndAnswersComeBack() throws Exception {
        String room = id("cross");
        String offerer = id("offerer");
        String answerer = id("answerer");
        try (WsClient onB = WsClient.open(b().ws() + "/announce");
             WsClient onA = WsClient.open(a().ws() + "/announce")) {
            onB.send(announce(room, answerer, "")).next();
            onA.send(announce(room, offerer, offers("o-1")));
            assertEquals(0, onA.next().getInt("complete"));
            String expected = "{\"action\":\"announce\",\"info_hash\":" + quote(room) + ",\"peer_id\":" + quote(offerer)
                    + ",\"offer_id\":\"o-1\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0 0\"}}";
            assertEquals(expected, onB.nextRaw(), "the offer frame reaches the other node's peer as encoded");
            onB.send(answer(room, answerer, offerer, "o-1"));
            JsonObject answered = onA.next();
            assertEquals("v=0 answer", answered.getJsonObject("answer").getString("sdp"));
            assertEquals(answerer, answered.getString("peer_id"));
        }
    }

    @Test
    @Order(4)
    void countsAndScrapesCoverEveryNode() throws Exception {
        String room = id("counts");
        try (WsClient seeder = WsClient.open(a().ws() + "/announce");
             WsClient leecher = WsClient.open(c().ws() + "/announce");
             WsClient scraper = WsClient.open(b().ws() + "/announce")) {
            seeder.send(announce(room, id("seed"), ",\"left\":0")).next();
            JsonObject response = leecher.send(announce(room, id("leech"), ",\"left\":100")).next();
            assertEquals(1, response.getInt("complete"), response.toString());
            assertEquals(1, response.getInt("incomplete"), response.toString());
            JsonObject scrape = scraper.send("{\"action\":\"scrape\",\"info_hash\":" + quote(room) + "}").next();
            JsonObject file = scrape.getJsonObject("files").getJsonObject(room);
            assertEquals(1, file.getInt("complete"), scrape.toString());
            assertEquals(1, file.getInt("incomplete"), scrape.toString());

            awaitTrue(() -> stats(b()).getInt("peersAll") >= 2, Duration.ofSeconds(5), "B's stats count A's and C's peers");
            JsonObject stats = stats(b());
            JsonObject cluster = stats.getJsonObject("cluster");
            assertEquals("node-b", cluster.getString("node"), stats.toString());
            assertEquals("connected", cluster.getString("engine"), stats.toString());
            assertEquals(3, cluster.getJsonArray("nodes").size(), stats.toString());
            assertTrue(stats.getInt("torrents") >= 1, stats.toString());
        }
    }

    @Test
    @Order(5)
    void aPeerThatReconnectsThroughAnotherNodeTakesOver() throws Exception {
        String room = id("takeover");
        String peer = id("mover");
        try (WsClient before = WsClient.open(a().ws() + "/announce");
             WsClient after = WsClient.open(b().ws() + "/announce");
             WsClient other = WsClient.open(c().ws() + "/announce")) {
            before.send(announce(room, peer, "")).next();
            after.send(announce(room, peer, "")).next();
            before.close(); // the old node's late close must not remove the peer now on B
            Thread.sleep(500);
            JsonObject response = other.send(announce(room, id("other"), offers("t-1"))).next();
            assertEquals(2, response.getInt("incomplete"), response.toString());
            JsonObject offer = after.next();
            assertEquals("t-1", offer.getString("offer_id"), "the offer reaches the peer on its new node");
        }
    }

    @Test
    @Order(6)
    void aPeerAnnouncedOnOneNodeRelaysThroughAnothersTurnUntilItStops() throws Exception {
        String room = id("gate");
        String peer = id("gated");
        String hex = HexFormat.of().formatHex(peer.getBytes(StandardCharsets.ISO_8859_1));
        try (WsClient onA = WsClient.open(a().ws() + "/announce")) {
            onA.send(announce(room, peer, "")).next();
            UClient allowed = uclient(turnPorts.get(1), hex);
            assertEquals(0, allowed.exitCode(), allowed.output());
            assertAllReceived(allowed.output());

            onA.send(announce(room, peer, ",\"event\":\"stopped\"")).next();
            long stopped = System.nanoTime();
            Thread.sleep(2_000);
            UClient refused = uclient(turnPorts.get(1), hex);
            assertTrue(refused.exitCode() != 0 || !refused.output().contains("Total lost packets 0 ("),
                    "refused on B within 2 s of stopping on A:\n" + refused.output());
            System.out.printf("ClusterIT: B's TURN refused the stopped peer %d ms after its stop on A%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped));
        }
    }

    @Test
    @Order(7)
    void healthAndMetricsDescribeTheCluster() throws Exception {
        String health = Server.getFrom(a().http(), "/health/ready").body();
        assertTrue(health.contains("\"name\":\"cluster\"") && health.contains("\"state\":\"connected\""), health);
        assertTrue(health.contains("\"nodes\":3"), health);
        assertEquals(1.0, Server.metricOf(a().http(), "rendezvous_cluster_engine_up", ""));
        assertEquals(3.0, Server.metricOf(a().http(), "rendezvous_cluster_nodes", ""));
        double sent = 0;
        double received = 0;
        for (LibertyServer node : nodes) {
            sent += Server.metricOf(node.http(), "rendezvous_cluster_messages_sent_total", "");
            received += Server.metricOf(node.http(), "rendezvous_cluster_messages_received_total", "");
        }
        assertTrue(sent >= 3 && received >= 3, "sent " + sent + ", received " + received);
    }

    @Test
    @Order(8)
    void twoDemoRoomPagesThroughNginxChatThroughTurnRelays() throws Exception {
        Files.writeString(nginx.accessLog(), "");
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(120), "browser.mjs", "room",
                "http://127.0.0.1:" + nginxPort, "{}");
        String output = result.output().strip();
        assertEquals(0, result.exitCode(), output);
        JsonObject room = Json.createReader(new StringReader(output.substring(output.lastIndexOf('\n') + 1))).readObject();
        assertTrue(!room.containsKey("error"), output);
        assertEquals("hello from b", room.getJsonArray("received").getJsonArray(0).getString(0), output);
        assertEquals("hello from a", room.getJsonArray("received").getJsonArray(1).getString(0), output);
        for (var paths : room.getJsonArray("paths")) {
            JsonObject path = paths.asJsonArray().getJsonObject(0);
            assertEquals("relay", path.getString("local"), output);
            assertEquals("relay", path.getString("remote"), output);
        }
        List<String> sockets = upstreamsOf("/announce");
        assertTrue(sockets.size() >= 2 && sockets.stream().distinct().count() >= 2,
                "the pages' tracker sockets went to different nodes: " + sockets);
    }

    @Test
    @Order(9)
    void aStalledRedisNeverStallsFrames() throws Exception {
        String room = id("stall");
        try (WsClient onA = WsClient.open(a().ws() + "/announce");
             WsClient other = WsClient.open(a().ws() + "/announce")) {
            other.send(announce(room, id("other"), "")).next();
            redis.redis().clientPause(6_000); // Redis answers no one for 6 s
            long sent = System.nanoTime();
            JsonObject response = onA.send(announce(room, id("hurried"), offers("s-1"))).next();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            System.out.printf("ClusterIT: with Redis stalled, A answered an announce after %d ms%n", millis);
            // About 1.1 s when the machine is idle; well before Redis answers again in any case.
            assertTrue(millis < 4_500, "answered from A's own rooms after the 1 s command timeout, not after Redis: " + millis);
            assertEquals(2, response.getInt("incomplete"), response.toString());
            assertEquals("s-1", other.next().getString("offer_id"), "the offer went to A's own peer");
        }
        for (LibertyServer node : nodes) {
            awaitHealth(node, "\"state\":\"connected\"", Duration.ofSeconds(15));
        }
    }

    @Test
    @Order(10)
    void withoutRedisEachNodeServesItsOwnAndHealsWhenRedisReturns() throws Exception {
        String room = id("outage");
        try (WsClient waiting = WsClient.open(a().ws() + "/announce")) {
            String waiter = id("waiter");
            waiting.send(announce(room, waiter, "")).next();
            redis.kill();
            long killed = System.nanoTime();
            awaitHealth(a(), "\"state\":\"degraded\"", Duration.ofSeconds(10));
            System.out.printf("ClusterIT: A reported a degraded cluster %d ms after Redis was killed%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
            assertEquals(0.0, Server.metricOf(a().http(), "rendezvous_cluster_engine_up", ""));
            assertEquals(200, Server.getFrom(a().http(), "/health/ready").statusCode(), "still ready: it serves");

            NodeProcess.Result local = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs", a().ws() + "/announce");
            assertEquals(0, local.exitCode(), "two clients of one node meet without Redis: " + local.output());

            redis.startProcess();
            long restarted = System.nanoTime();
            for (LibertyServer node : nodes) {
                awaitHealth(node, "\"state\":\"connected\"", Duration.ofSeconds(15));
            }
            System.out.printf("ClusterIT: every node used the restarted Redis again after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
            // The waiting peer announced once, before the outage; its node wrote it back into the new Redis.
            try (WsClient onB = WsClient.open(b().ws() + "/announce")) {
                JsonObject response = onB.send(announce(room, id("arrival"), offers("r-1"))).next();
                assertEquals(2, response.getInt("incomplete"), response.toString());
                assertEquals("r-1", waiting.next().getString("offer_id"), "the offer crossed to A's waiting peer");
            }
            NodeProcess.Result crossed = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs",
                    b().ws() + "/announce", c().ws() + "/announce");
            assertEquals(0, crossed.exitCode(), crossed.output());
        }
    }

    @Test
    @Order(11)
    void aKilledNodesPeersLeaveAndItsClientsMeetAgainThroughNginx() throws Exception {
        Process clients = NodeProcess.start("cluster-reconnect.mjs", nginxUrl(), "c1".repeat(20));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("met", event(out), "the two clients met");
            LibertyServer victim = live.stream().filter(n -> stats(n).getInt("sockets") > 0).findFirst().orElseThrow();
            LibertyServer survivor = live.stream().filter(n -> n != victim).findFirst().orElseThrow();
            String room = id("orphan");
            try (WsClient orphan = WsClient.open(victim.ws() + "/announce");
                 WsClient watcher = WsClient.open(survivor.ws() + "/announce")) {
                orphan.send(announce(room, id("orphan"), "")).next();
                assertEquals(1, scrape(watcher, room).getInt("incomplete"));
                ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
                long killed = System.nanoTime();
                awaitTrue(() -> scrape(watcher, room).getInt("incomplete") == 0,
                        Duration.ofSeconds(NODE_TIMEOUT + 4), "the dead node's peer left the survivors' view");
                System.out.printf("ClusterIT: the killed node's peer left the survivors' view after %d ms (node timeout %d s)%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), NODE_TIMEOUT);
                awaitTrue(() -> metric(survivor, "rendezvous_cluster_nodes") == 2.0, Duration.ofSeconds(5), "two live nodes");
                assertEquals("met-again", event(out), "the dead node's client reconnected through nginx and met again");
                System.out.printf("ClusterIT: its client met its peer again %d ms after the kill%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
            }
            live.remove(victim);
        } finally {
            clients.destroyForcibly();
        }
    }

    @Test
    @Order(12)
    void aDrainedNodesClientsMoveToAnotherAndNothingOfItStaysInRedis() throws Exception {
        Process clients = NodeProcess.start("cluster-reconnect.mjs", nginxUrl(), "d1".repeat(20));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("met", event(out), "the two clients met");
            LibertyServer drained = live.stream().filter(n -> stats(n).getInt("sockets") > 0).findFirst().orElseThrow();
            String nodeId = "node-" + "abc".charAt(nodes.indexOf(drained));
            ProcessHandle process = ProcessHandle.of(drained.pid()).orElseThrow();
            long stopping = System.nanoTime();
            assertTrue(process.destroy(), "SIGTERM sent");
            process.onExit().get(60, TimeUnit.SECONDS);
            System.out.printf("ClusterIT: the drained node exited %d ms after SIGTERM%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
            var state = redis.redis();
            assertEquals(List.of(), state.keys("rendezvous:{cluster}:node:" + nodeId + ":*"), "its sets are gone");
            assertEquals(null, state.zscore("rendezvous:{cluster}:nodes", nodeId), "it left the live nodes");
            assertEquals(null, state.hget("rendezvous:{cluster}:node-figures", nodeId));
            for (String key : state.keys("rendezvous:room:*")) {
                if (key.endsWith("}")) {
                    for (String value : state.hvals(key)) {
                        assertTrue(!value.startsWith(nodeId + "|"), key + " still holds a peer of " + nodeId);
                    }
                    assertEquals(state.hlen(key), state.zcard(key + ":peers"), key + "'s peers, ranked, are its peers");
                }
            }
            assertEquals("met-again", event(out), "the drained node's client reconnected to another node and met again");
            System.out.printf("ClusterIT: its client met its peer again %d ms after SIGTERM%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
            live.remove(drained);
        } finally {
            clients.destroyForcibly();
        }
    }

    // --- helpers ---

    private record UClient(int exitCode, String output) {
    }

    private static UClient uclient(int turnPort, String peerHex) throws Exception {
        Process process = new ProcessBuilder("turnutils_uclient", "-e", "127.0.0.1", "-r", String.valueOf(echoPeerPort),
                "-n", "100", "-l", "170", "-m", "2", "-z", "5", "-c", "-u", peerHex, "-W", SECRET,
                "-p", String.valueOf(turnPort), "127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "uclient timed out");
        return new UClient(process.exitValue(), output);
    }

    private static void assertAllReceived(String output) {
        Matcher totals = TOTALS.matcher(output);
        String last = null;
        while (totals.find()) {
            last = totals.group(0);
            assertEquals(totals.group(1), totals.group(2), "sent vs received\n" + output);
        }
        assertTrue(last != null && !last.startsWith("tot_send_msgs=0,"), "no totals\n" + output);
        assertTrue(output.contains("Total lost packets 0 ("), output);
    }

    private static String event(BufferedReader out) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                String next;
                while ((next = out.readLine()) != null) {
                    JsonObject event = Json.createReader(new StringReader(next)).readObject();
                    String name = event.getString("event");
                    if (!name.equals("warning") && !name.equals("error")) {
                        return name;
                    }
                }
                return "exited";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return line.get(120, TimeUnit.SECONDS);
    }

    private static void awaitNodes(int count) throws InterruptedException {
        for (LibertyServer node : nodes) {
            awaitTrue(() -> Server.getFrom(node.http(), "/health/ready").body().contains("\"nodes\":" + count),
                    Duration.ofSeconds(20), node.http() + " sees " + count + " nodes");
        }
    }

    private static String awaitUpstreamOf(String query) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(nginx.accessLog())) {
                if (line.contains(query)) {
                    return line.substring(0, line.indexOf(' '));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no access log line for " + query);
    }

    private static List<String> upstreamsOf(String path) throws Exception {
        List<String> upstreams = new ArrayList<>();
        for (String line : Files.readAllLines(nginx.accessLog())) {
            int space = line.indexOf(' ');
            if (space > 0 && line.substring(space + 1).startsWith(path)) {
                upstreams.add(line.substring(0, space));
            }
        }
        assertNotNull(upstreams);
        return upstreams;
    }
}
