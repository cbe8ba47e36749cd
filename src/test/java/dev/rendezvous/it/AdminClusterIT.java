package dev.rendezvous.it;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.AdminIT.handshakeStatus;
import static dev.rendezvous.it.AdminIT.latin1;
import static dev.rendezvous.it.ClusterChecks.awaitHealth;
import static dev.rendezvous.it.ClusterChecks.awaitTrue;
import static dev.rendezvous.it.ClusterChecks.startTogether;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API across a cluster, set up as ClusterIT sets up its nodes (a real redis-server, Liberty nodes on their
 * own loopback ports, each with its own TURN server): through node A's API, node B's peers are listed and kicked,
 * B's allocations listed and ended, a ban made on A refuses a handshake on B, and A's event stream shows what happens
 * on B.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminClusterIT {
    private static final String TOKEN = "admin-cluster-it-token-0123456789";
    private static RedisServer redis;
    private static final List<LibertyServer> nodes = new ArrayList<>();
    private static final List<Integer> turnPorts = new ArrayList<>();
    private static LibertyServer a;
    private static LibertyServer b;
    private static AdminApi onA;

    @BeforeAll
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    static void startCluster() throws Exception {
        redis = RedisServer.start();
        for (String name : List.of("node-a", "node-b")) {
            int turnPort = FreePorts.next();
            turnPorts.add(turnPort);
            LibertyServer node = LibertyServer.named("admin-cluster-" + name)
                    .property("rendezvous.cluster.redis-uri", redis.uri())
                    .property("rendezvous.cluster.node-id", name)
                    .property("rendezvous.cluster.node-timeout", 4)
                    .property("rendezvous.admin.token", TOKEN)
                    .property("rendezvous.trusted-proxies", "127.0.0.1/32")
                    .property("rendezvous.tracker.full-scrape", true)
                    .property("rendezvous.turn.listen-address", "127.0.0.1")
                    .property("rendezvous.turn.port", turnPort)
                    .property("rendezvous.turn.tls-port", 0)
                    .property("rendezvous.turn.relay-port-min", 44_000 + 1_000 * nodes.size())
                    .property("rendezvous.turn.relay-port-max", 44_999 + 1_000 * nodes.size())
                    .property("rendezvous.turn.allow-loopback-peers", true)
                    .property("rendezvous.turn.users", "admin-user:admin-pass")
                    .build();
            nodes.add(node);
        }
        startTogether(nodes);
        for (LibertyServer node : nodes) {
            awaitHealth(node, "\"nodes\":2", Duration.ofSeconds(30));
        }
        a = nodes.get(0);
        b = nodes.get(1);
        onA = new AdminApi(a.http(), TOKEN);
        awaitTrue(() -> onA.get("/admin/nodes").getInt("total") == 2, Duration.ofSeconds(20), "A's API lists both nodes");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        nodes.parallelStream().forEach(LibertyServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void nodesListsEveryNodeConnected() {
        JsonArray items = onA.items("/admin/nodes");
        assertEquals(2, items.size(), items.toString());
        for (String node : List.of("node-a", "node-b")) {
            JsonObject report = AdminApi.find(items, "id", node);
            assertNotNull(report, node + " in " + items);
            assertEquals("connected", report.getString("engine"));
        }
    }

    @Test
    @Order(2)
    void throughAsApiBsPeersAreListedAndKickedAndAsStreamShowsIt() throws Exception {
        String infoHash = "c1" + "5".repeat(38);
        String onBId = "c1" + "6".repeat(38);
        String onAId = "c1" + "7".repeat(38);
        try (EventStream events = EventStream.open(a.http(), TOKEN);
             WsClient peerOnA = WsClient.open(a.ws() + "/announce")) {
            events.await("subscribed", "node-a", Duration.ofSeconds(10));
            peerOnA.send(Frames.announce(latin1(infoHash), latin1(onAId), "")).next();
            try (WsClient peerOnB = WsClient.open(b.ws() + "/announce")) {
                peerOnB.send(Frames.announce(latin1(infoHash), latin1(onBId), "")).next();
                JsonObject joined = events.await("peer-joined", onBId, Duration.ofSeconds(10));
                assertEquals("node-b", joined.getString("node"), "an event from B on A's stream");

                JsonObject room = AdminApi.find(onA.items("/admin/rooms"), "info_hash", infoHash);
                assertNotNull(room);
                assertEquals(2, room.getInt("peers"), "the room's peers on both nodes: " + room);
                JsonArray peers = onA.items("/admin/rooms/" + infoHash);
                assertEquals("node-b", AdminApi.find(peers, "peer_id", onBId).getString("node"));
                assertEquals("node-a", AdminApi.find(peers, "peer_id", onAId).getString("node"));

                JsonObject kicked = onA.ok("DELETE", "/admin/rooms/" + infoHash + "/peers/" + onBId);
                assertEquals("node-b", kicked.getJsonObject("kicked").getString("node"));
                assertEquals(4001, peerOnB.awaitClose(Duration.ofSeconds(10)), "B closed its socket");
                events.await("peer-left", onBId, Duration.ofSeconds(10));
                awaitTrue(() -> onA.items("/admin/rooms/" + infoHash).size() == 1, Duration.ofSeconds(10),
                        "the kicked peer left the room everywhere");
                JsonObject scrape = peerOnA.send("{\"action\":\"scrape\",\"info_hash\":"
                        + Frames.quote(latin1(infoHash)) + "}").next();
                assertEquals(1, scrape.getJsonObject("files").getJsonObject(latin1(infoHash)).getInt("incomplete"));
            }
        }
    }

    @Test
    @Order(3)
    void aBanMadeOnARefusesAHandshakeOnB() throws Exception {
        String infoHash = "c2" + "5".repeat(38);
        String peerId = "c2" + "6".repeat(38);
        String address = "192.0.2.99";
        java.net.http.WebSocket.Builder builder = Server.HTTP_CLIENT.newWebSocketBuilder().header("X-Forwarded-For", address);
        WsClientOnB listener = new WsClientOnB();
        java.net.http.WebSocket socket = builder.buildAsync(java.net.URI.create(b.ws() + "/announce"), listener).join();
        socket.sendText(Frames.announce(latin1(infoHash), latin1(peerId), ""), true).join();
        awaitTrue(() -> onA.get("/admin/rooms").toString().contains(infoHash), Duration.ofSeconds(10), "listed");
        JsonObject kicked = onA.ok("DELETE", "/admin/rooms/" + infoHash + "/peers/" + peerId + "?ban=120");
        assertEquals(address, kicked.getJsonObject("kicked").getString("address"));
        String banId = kicked.getJsonObject("ban").getString("id");
        assertEquals(403, handshakeStatus(b.ws() + "/announce", address), "B refuses the banned address");
        assertEquals(403, handshakeStatus(a.ws() + "/announce", address), "and so does A");
        assertEquals(101, handshakeStatus(b.ws() + "/announce", "192.0.2.100"));
        assertNotNull(AdminApi.find(new AdminApi(b.http(), TOKEN).items("/admin/bans"), "id", banId), "B lists it");
        assertEquals(200, onA.call("DELETE", "/admin/bans/" + banId).statusCode());
        awaitTrue(() -> handshakeStatus(b.ws() + "/announce", address) == 101, Duration.ofSeconds(10),
                "lifted on A, B lets the address in again");
    }

    @Test
    @Order(4)
    void throughAsApiBsAllocationIsListedAndEndedAndItsRefreshGets437() throws Exception {
        try (TurnClient turn = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPorts.get(1)))) {
            TurnClient.Reply allocated = turn.authenticated(MessageType.ALLOCATE, "admin-user", "admin-pass",
                    TurnClient.udpTransport());
            assertTrue(allocated.success(), "error " + allocated.errorCode());
            int port = turn.localAddress().getPort();
            JsonObject mine = AdminApi.find(onA.items("/admin/allocations"), "client_port", port);
            assertNotNull(mine, "B's allocation listed through A");
            assertEquals("node-b", mine.getString("node"));
            assertEquals(200, onA.call("DELETE", "/admin/allocations/" + mine.getString("id")).statusCode());
            assertEquals(437, turn.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 600)).errorCode());
            String id = mine.getString("id");
            assertNull(AdminApi.find(onA.items("/admin/allocations"), "id", id));
            assertEquals(404, onA.call("DELETE", "/admin/allocations/" + id).statusCode(), "no node holds it now");
        }
    }

    /** A listener that reads whatever comes. */
    private static final class WsClientOnB implements java.net.http.WebSocket.Listener {
    }
}
