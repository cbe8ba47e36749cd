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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API on one node, as an operator uses it: its door (404 when off, 401 without a valid token, 429 past the
 * failure limit), the reference bittorrent-tracker Client listed, kicked and banned, a coturn client's allocation
 * listed and ended, and bad input answered with clear JSON errors. The node is its own server, with admin on; the
 * shared server has admin off.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminIT {
    static final String TOKEN = "admin-it-token-current-0123456789";
    static final String NEXT_TOKEN = "admin-it-token-next-abcdefghij";
    static final String REVOKED_TOKEN = "admin-it-token-revoked-zyxwvuts";
    private static LibertyServer server;
    private static AdminApi admin;
    private static int turnPort;

    @BeforeAll
    static void start() throws Exception {
        turnPort = FreePorts.next();
        server = LibertyServer.named("rendezvousAdminIT")
                .env("RENDEZVOUS_ADMIN_TOKEN", TOKEN + "," + NEXT_TOKEN)
                .env("RENDEZVOUS_ADMIN_MAX_FAILURES_PER_MINUTE", 5)
                .env("RENDEZVOUS_TRUSTED_PROXIES", "127.0.0.1/32")
                .env("RENDEZVOUS_TRACKER_ANNOUNCE_INTERVAL", 2)
                .env("RENDEZVOUS_TURN_LISTEN_ADDRESS", "127.0.0.1")
                .env("RENDEZVOUS_TURN_PORT", turnPort)
                .env("RENDEZVOUS_TURN_TLS_PORT", 0)
                .env("RENDEZVOUS_TURN_USERS", "admin-user:admin-pass,uc-admin:uc-pw")
                .env("RENDEZVOUS_TURN_ALLOW_LOOPBACK_PEERS", true)
                .build().start().awaitReady(Duration.ofSeconds(120));
        admin = new AdminApi(server.http(), TOKEN);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void everyAdminPathIsNotFoundWhenAdminIsOff() {
        AdminApi off = new AdminApi(Server.HTTP, TOKEN);
        for (String[] call : new String[][]{{"GET", "/admin/nodes"}, {"GET", "/admin/rooms"}, {"GET", "/admin/events"},
                {"GET", "/admin/bans"}, {"GET", "/admin/allocations"}, {"GET", "/admin/nosuch"}, {"GET", "/admin/"},
                {"GET", "/admin.html"}, {"POST", "/admin/nodes/any/drain"}, {"POST", "/admin/reload"},
                {"POST", "/admin/nodes/any/reload"},
                {"DELETE", "/admin/rooms/" + "a".repeat(40) + "/peers/" + "b".repeat(40)}}) {
            HttpResponse<String> response = off.call(call[0], call[1]);
            assertEquals(404, response.statusCode(), call[0] + " " + call[1] + ": " + response.body());
            assertFalse(response.body().contains("Exception"), response.body());
        }
    }

    @Test
    @Order(2)
    void withoutAValidTokenEveryPathIs401AndTheTokensNeverReachTheLog() throws Exception {
        double denied = Server.metricOf(server.http(), "rendezvous_admin_access_denied_total", "");
        String[] paths = {"/admin/nodes", "/admin/rooms", "/admin/allocations", "/admin/events", "/admin/nosuch"};
        int address = 10;
        for (String path : paths) {
            for (String bearer : new String[]{null, "wrong-token-0123456789abc", REVOKED_TOKEN}) {
                // each from its own address, so that the failure limit (5 a minute) is not what answers
                HttpResponse<String> response = admin.call("GET", path, bearer, "198.51.100." + address++);
                assertEquals(401, response.statusCode(), path + " with " + bearer + ": " + response.body());
                assertEquals("Bearer realm=\"rendezvous-admin\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
                assertTrue(AdminApi.json(response.body()).getString("error").contains("token"), response.body());
            }
        }
        HttpResponse<String> basic = admin.call("GET", "/admin/nodes", null, null);
        assertEquals(401, basic.statusCode());
        assertEquals(200, admin.call("GET", "/admin/nodes", TOKEN, null).statusCode(), "the current token");
        assertEquals(200, admin.call("GET", "/admin/nodes", NEXT_TOKEN, null).statusCode(), "the next token (rotation)");
        assertTrue(Server.metricOf(server.http(), "rendezvous_admin_access_denied_total", "") >= denied + paths.length * 3 + 1);
        String log = Files.readString(server.messagesLog());
        for (String token : List.of(TOKEN, NEXT_TOKEN, REVOKED_TOKEN)) {
            assertFalse(log.contains(token), "a token in messages.log");
        }
    }

    @Test
    @Order(3)
    void failuresAreLimitedPerClientAddressBehindTrustedProxies() {
        String flooder = "203.0.113.66";
        for (int i = 0; i < 5; i++) {
            assertEquals(401, admin.call("GET", "/admin/nodes", "wrong-token-" + i + "-xxxxxxxxx", flooder).statusCode());
        }
        HttpResponse<String> limited = admin.call("GET", "/admin/nodes", TOKEN, flooder);
        assertEquals(429, limited.statusCode(), "even the right token, from an address past the limit: " + limited.body());
        assertEquals("60", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals(200, admin.call("GET", "/admin/nodes", TOKEN, "203.0.113.67").statusCode(), "another address");
    }

    @Test
    @Order(4)
    void nodesListsThisNode() {
        JsonObject page = admin.get("/admin/nodes");
        assertEquals(1, page.getInt("total"));
        JsonObject node = page.getJsonArray("items").getJsonObject(0);
        assertFalse(node.getString("id").isEmpty());
        assertEquals("single", node.getString("engine"));
        assertFalse(node.getBoolean("draining"));
        assertTrue(node.getJsonNumber("uptime_seconds").longValue() >= 0);
        assertTrue(node.getString("version").matches("\\d.*"), node.toString());
        JsonObject atStart = node.getJsonObject("last_reload");
        assertEquals("applied", atStart.getString("outcome"), node.toString());
        assertTrue(atStart.getJsonArray("pending_restart").isEmpty(), node.toString());

        // No settings file here: a reload reads the same settings again, and the node reports it.
        JsonObject reloaded = admin.ok("POST", "/admin/reload");
        assertEquals("applied", reloaded.getString("outcome"), reloaded.toString());
        assertEquals(reloaded, admin.get("/admin/nodes").getJsonArray("items").getJsonObject(0).getJsonObject("last_reload"));
        assertEquals("applied", admin.ok("POST", "/admin/nodes/" + node.getString("id") + "/reload").getString("outcome"));
    }

    @Test
    @Order(5)
    void aReferenceClientIsListedKickedAndBannedUntilTheBanEnds() throws Exception {
        String infoHash = "ad" + "0123456789abcdef0123456789abcdef012345".substring(0, 38);
        String peerId = "2d5757303330302d" + "c3".repeat(12);
        String userAgent = "AdminIT/1.0 <img src=x onerror=alert(1)>";
        String address = "192.0.2.77";
        Process client = NodeProcess.start("admin-client.mjs", server.ws() + "/announce", infoHash, peerId, userAgent,
                "stay", address);
        BlockingQueue<String> lines = lines(client);
        try {
            String announced = lines.poll(30, TimeUnit.SECONDS);
            assertNotNull(announced, "no announce response");
            assertTrue(announced.contains("\"announced\":true"), announced);

            JsonObject room = AdminApi.find(admin.items("/admin/rooms"), "info_hash", infoHash);
            assertNotNull(room, "the room is listed");
            assertEquals(1, room.getInt("peers"));
            JsonObject peer = AdminApi.find(admin.items("/admin/rooms/" + infoHash), "peer_id", peerId);
            assertNotNull(peer, "the peer is listed");
            assertEquals(peerId, peer.getString("id"));
            assertEquals(address, peer.getString("address"), "the address after the trusted proxy");
            assertEquals(userAgent, peer.getString("user_agent"));
            assertEquals("https://admin-test.example", peer.getString("origin"));
            assertFalse(peer.getString("node").isEmpty());
            assertFalse(peer.getString("connected_since").isEmpty());
            assertFalse(peer.getString("last_announce").isEmpty());

            JsonObject kicked = admin.ok("DELETE", "/admin/rooms/" + infoHash + "/peers/" + peerId + "?ban=20");
            assertEquals(peerId, kicked.getJsonObject("kicked").getString("peer_id"));
            JsonObject ban = kicked.getJsonObject("ban");
            assertEquals(address, ban.getString("address"));
            assertEquals(403, handshakeStatus(server.ws() + "/announce", address), "a banned address's handshake");
            assertEquals(101, handshakeStatus(server.ws() + "/announce", "192.0.2.78"), "another address");
            String closed = lines.poll(10, TimeUnit.SECONDS);
            assertNotNull(closed, "the socket was not closed");
            assertTrue(closed.contains("\"closed\":4001"), closed);

            try (WsClient scraper = WsClient.open(server.ws() + "/announce")) {
                JsonObject scrape = scraper.send("{\"action\":\"scrape\",\"info_hash\":"
                        + Frames.quote(latin1(infoHash)) + "}").next();
                JsonObject file = scrape.getJsonObject("files").getJsonObject(latin1(infoHash));
                assertEquals(0, file.getInt("complete") + file.getInt("incomplete"), scrape.toString());
            }
            assertEquals(404, admin.call("GET", "/admin/rooms/" + infoHash).statusCode(), "the room is gone");
            assertNotNull(AdminApi.find(admin.items("/admin/bans"), "id", ban.getString("id")));

            NodeProcess.Result refused = NodeProcess.run(Duration.ofSeconds(20), "admin-client.mjs",
                    server.ws() + "/announce", infoHash, peerId, userAgent, "try", address);
            assertTrue(refused.output().contains("\"announced\":false"), "banned: " + refused.output());

            long until = java.time.Instant.parse(ban.getString("expires")).toEpochMilli();
            Thread.sleep(Math.max(0, until - System.currentTimeMillis() + 200));
            NodeProcess.Result again = NodeProcess.run(Duration.ofSeconds(20), "admin-client.mjs",
                    server.ws() + "/announce", infoHash, peerId, userAgent, "try", address);
            assertTrue(again.output().contains("\"announced\":true"), "the ban ended: " + again.output());
            assertNull(AdminApi.find(admin.items("/admin/bans"), "id", ban.getString("id")), "an ended ban is not listed");
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    @Order(6)
    void aBannedAddressIsRefusedATurnAllocationUntilTheBanIsLifted() throws Exception {
        String infoHash = "ad" + "1".repeat(38);
        String peerId = "ad" + "2".repeat(38);
        try (WsClient socket = WsClient.open(server.ws() + "/announce")) {
            socket.send(Frames.announce(latin1(infoHash), latin1(peerId), "")).next();
            JsonObject kicked = admin.ok("DELETE", "/admin/rooms/" + infoHash + "/peers/" + peerId + "?ban=600");
            assertEquals(4001, socket.awaitClose(Duration.ofSeconds(10)));
            String banId = kicked.getJsonObject("ban").getString("id");
            assertEquals("127.0.0.1", kicked.getJsonObject("ban").getString("address"));
            try (TurnClient turn = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort))) {
                TurnClient.Reply refused = turn.authenticated(MessageType.ALLOCATE, "admin-user", "admin-pass",
                        TurnClient.udpTransport());
                assertEquals(403, refused.errorCode());
                assertEquals(200, admin.call("DELETE", "/admin/bans/" + banId).statusCode());
                assertEquals(404, admin.call("DELETE", "/admin/bans/" + banId).statusCode(), "lifted already");
                TurnClient.Reply allocated = turn.authenticated(MessageType.ALLOCATE, "admin-user", "admin-pass",
                        TurnClient.udpTransport());
                assertTrue(allocated.success(), "error " + allocated.errorCode());
                turn.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            }
        }
    }

    @Test
    @Order(7)
    void aCoturnAllocationIsListedWithItsCountersMovingAndEndedFromTheApi() throws Exception {
        int peerPort = FreePorts.next();
        Process peer = new ProcessBuilder("turnutils_peer", "-L", "127.0.0.1", "-p", String.valueOf(peerPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process uclient = new ProcessBuilder("turnutils_uclient", "-u", "uc-admin", "-w", "uc-pw", "-e", "127.0.0.1",
                "-r", String.valueOf(peerPort), "-p", String.valueOf(turnPort), "-n", "3000", "-l", "170", "-m", "1",
                "-z", "20", "-c", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            JsonObject first = awaitAllocation("uc-admin", Duration.ofSeconds(30));
            assertEquals("udp", first.getString("transport"));
            assertEquals("127.0.0.1", first.getString("client_address"));
            assertTrue(first.getInt("client_port") > 0);
            assertFalse(first.getJsonArray("relayed").isEmpty());
            assertTrue(first.getJsonArray("permissions").toString().contains("127.0.0.1"), first.toString());
            Thread.sleep(1500);
            JsonObject later = AdminApi.find(admin.items("/admin/allocations"), "id", first.getString("id"));
            assertNotNull(later, "still listed");
            assertTrue(later.getJsonNumber("packets_to_peers").longValue() > first.getJsonNumber("packets_to_peers").longValue(),
                    first + " then " + later);
            assertTrue(later.getJsonNumber("bytes_to_client").longValue() > first.getJsonNumber("bytes_to_client").longValue(),
                    first + " then " + later);
            JsonObject ended = admin.ok("DELETE", "/admin/allocations/" + first.getString("id"));
            assertEquals(first.getString("id"), ended.getString("id"));
            assertNull(AdminApi.find(admin.items("/admin/allocations"), "id", first.getString("id")));
        } finally {
            uclient.destroyForcibly();
            peer.destroyForcibly();
        }
    }

    @Test
    @Order(8)
    void anAllocationEndedFromTheApiAnswersTheClientsNextRefreshWith437() throws Exception {
        try (TurnClient turn = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort))) {
            TurnClient.Reply allocated = turn.authenticated(MessageType.ALLOCATE, "admin-user", "admin-pass",
                    TurnClient.udpTransport());
            assertTrue(allocated.success(), "error " + allocated.errorCode());
            int port = turn.localAddress().getPort();
            JsonObject mine = AdminApi.find(admin.items("/admin/allocations"), "client_port", port);
            assertNotNull(mine, "listed by its client port");
            assertEquals("admin-user", mine.getString("username"));
            assertTrue(turn.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 600)).success());
            assertEquals(200, admin.call("DELETE", "/admin/allocations/" + mine.getString("id")).statusCode());
            assertEquals(437, turn.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 600)).errorCode());
        }
    }

    @Test
    @Order(9)
    void badInputGetsAClearJsonErrorNeverA500() {
        String hex = "ab".repeat(20);
        Object[][] cases = {
                {"GET", "/admin/rooms/xyz", 400, "info_hash"},
                {"GET", "/admin/rooms/" + hex.toUpperCase(), 400, "info_hash"},
                {"GET", "/admin/rooms/" + hex + "0", 400, "info_hash"},
                {"GET", "/admin/rooms/" + hex, 404, "no peer"},
                {"DELETE", "/admin/rooms/" + hex + "/peers/nothex", 400, "peer_id"},
                {"DELETE", "/admin/rooms/" + hex + "/peers/" + hex, 404, "no peer"},
                {"DELETE", "/admin/rooms/" + hex + "/peers/" + hex + "?ban=0", 400, "ban"},
                {"DELETE", "/admin/rooms/" + hex + "/peers/" + hex + "?ban=forever", 400, "ban"},
                {"DELETE", "/admin/rooms/" + hex + "/peers/" + hex + "?ban=99999999999", 400, "ban"},
                {"DELETE", "/admin/allocations/zz", 400, "allocation id"},
                {"DELETE", "/admin/allocations/0123456789abcdef", 404, "no allocation"},
                {"DELETE", "/admin/bans/0123456789abcdef", 404, "no ban"},
                {"DELETE", "/admin/bans/%3Cscript%3E", 400, "ban id"},
                {"GET", "/admin/rooms?limit=1000000", 400, "limit"},
                {"GET", "/admin/allocations?limit=0", 400, "limit"},
                {"GET", "/admin/nodes?limit=-1", 400, "limit"},
                {"GET", "/admin/rooms?limit=ten", 400, "limit"},
                {"GET", "/admin/bans?cursor=-5", 400, "cursor"},
                {"POST", "/admin/nodes/no-such-node/drain", 404, "no node"},
                {"POST", "/admin/nodes/bad%20node/drain", 400, "node id"},
                {"POST", "/admin/nodes/no-such-node/reload", 404, "no node"},
                {"POST", "/admin/nodes/bad%20node/reload", 400, "node id"},
                {"GET", "/admin/reload", 405, "method"},
                {"PUT", "/admin/nodes", 405, "method"},
                {"POST", "/admin/rooms", 405, "method"},
                {"DELETE", "/admin/nodes", 405, "method"},
                {"GET", "/admin/nosuch", 404, "not found"},
                {"GET", "/admin/rooms/" + hex + "/peers", 404, "not found"},
        };
        for (Object[] c : cases) {
            HttpResponse<String> response = admin.call((String) c[0], (String) c[1]);
            String what = c[0] + " " + c[1] + ": " + response.statusCode() + " " + response.body();
            assertEquals(c[2], response.statusCode(), what);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
            JsonObject body = AdminApi.json(response.body());
            assertTrue(body.getString("error").contains((String) c[3]), what);
            assertEquals((int) c[2], body.getInt("status"), what);
            assertFalse(response.body().contains("Exception") || response.body().contains("dev.rendezvous"), what);
        }
        JsonObject page = admin.get("/admin/rooms?limit=1000");
        assertTrue(page.containsKey("items"));
    }

    @Test
    @Order(10)
    void pagesFollowTheirCursor() throws Exception {
        List<WsClient> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                WsClient socket = WsClient.open(server.ws() + "/announce");
                sockets.add(socket);
                socket.send(Frames.announce(latin1("ae" + "0".repeat(37) + i), latin1("ae" + "1".repeat(37) + i), "")).next();
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            String cursor = "";
            int pages = 0;
            do {
                JsonObject page = admin.get("/admin/rooms?limit=2" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
                assertTrue(page.getJsonArray("items").size() <= 2);
                page.getJsonArray("items").getValuesAs(JsonObject.class).forEach(r -> seen.add(r.getString("id")));
                cursor = page.isNull("next") ? "" : page.getString("next");
                pages++;
            } while (!cursor.isEmpty() && pages < 20);
            for (int i = 0; i < 5; i++) {
                assertTrue(seen.contains("ae" + "0".repeat(37) + i), "every room on some page: " + seen);
            }
            assertTrue(pages >= 3);
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    @Test
    @Order(11)
    void theApiIsDescribedByOpenApi() {
        HttpResponse<String> openapi = Server.getFrom(server.http(), "/openapi");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/admin/rooms/{info_hash}/peers/{peer_id}"), openapi.body());
        assertTrue(openapi.body().contains("/admin/allocations/{id}"));
        assertTrue(openapi.body().contains("/admin/reload:") && openapi.body().contains("/admin/nodes/{id}/reload"),
                openapi.body());
        assertTrue(openapi.body().contains("pending_restart"), "ReloadReport's fields in snake_case");
        assertEquals(200, Server.getFrom(server.http(), "/openapi/ui/").statusCode());
    }

    @Test
    @Order(12)
    void theEventStreamTellsPeersJoiningLeavingAndBeingKicked() throws Exception {
        String infoHash = "af" + "3".repeat(38);
        String peerId = "af" + "4".repeat(38);
        try (EventStream events = EventStream.open(server.http(), TOKEN)) {
            events.await("subscribed", "", Duration.ofSeconds(30));
            try (WsClient socket = WsClient.open(server.ws() + "/announce")) {
                socket.send(Frames.announce(latin1(infoHash), latin1(peerId), "")).next();
                JsonObject joined = events.await("peer-joined", peerId, Duration.ofSeconds(30));
                assertEquals(infoHash, joined.getString("info_hash"));
                assertFalse(joined.getString("node").isEmpty());
                admin.ok("DELETE", "/admin/rooms/" + infoHash + "/peers/" + peerId);
                events.await("peer-left", peerId, Duration.ofSeconds(30));
                assertEquals("127.0.0.1", events.await("peer-kicked", peerId, Duration.ofSeconds(30)).getString("address"));
            }
        }
        assertEquals(401, admin.call("GET", "/admin/events", "wrong-token-for-events-000", "198.51.100.200").statusCode());
    }

    static final java.nio.file.Path CONSOLE_SCREENSHOT = java.nio.file.Path.of("target", "admin-console.png");

    @Test
    @Order(13)
    void theConsoleInChromiumShowsAPeerLiveAndKicksIt() throws Exception {
        Files.deleteIfExists(CONSOLE_SCREENSHOT);
        try (TurnClient turn = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort))) {
            // an allocation for the console to show beside the peer
            assertTrue(turn.authenticated(MessageType.ALLOCATE, "admin-user", "admin-pass", TurnClient.udpTransport()).success());
            NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(120), "admin-console.mjs", server.http(), TOKEN,
                    CONSOLE_SCREENSHOT.toAbsolutePath().toString());
            String output = result.output().strip();
            JsonObject seen = AdminApi.json(output.substring(output.lastIndexOf('\n') + 1));
            assertEquals(0, result.exitCode(), output);
            assertTrue(seen.getBoolean("loggedIn"), output);
            assertTrue(seen.getBoolean("tokenKept"), output);
            System.out.println("AdminIT: the console showed the new peer " + seen.getInt("shownAfterMs") + " ms after it joined");
            JsonArray cells = seen.getJsonArray("peerCells");
            assertEquals("192.0.2.150", cells.getString(2), output);
            assertEquals("ConsoleIT/1.0 <img src=x onerror=\"window.__xss=1\">", cells.getString(4), "shown as text: " + output);
            assertEquals(0, seen.getInt("imagesInPeers"), output);
            assertFalse(seen.getBoolean("xss"), output);
            assertEquals(4001, seen.getInt("closeCode"), output);
            assertTrue(seen.getBoolean("kickedShown"), output);
            assertTrue(seen.getJsonArray("dialogs").getString(0).startsWith("Kick peer"), "confirmed first: " + output);
            assertEquals(0, seen.getJsonArray("consoleErrors").size(), "no console error, no CSP violation: " + output);
            assertTrue(Files.size(CONSOLE_SCREENSHOT) > 10_000);
            turn.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
        }
    }

    @Test
    @Order(100)
    void drainFromTheApiStopsTakingSocketsAndTheProcessGoesOn() throws Exception {
        String node = admin.items("/admin/nodes").getJsonObject(0).getString("id");
        try (WsClient socket = WsClient.open(server.ws() + "/announce")) {
            socket.send(Frames.announce(Frames.id("drain"), Frames.id("drainer"), "")).next();
            JsonObject drained = admin.ok("POST", "/admin/nodes/" + node + "/drain");
            assertTrue(drained.getBoolean("draining"));
            assertEquals(1001, socket.awaitClose(Duration.ofSeconds(15)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int ready = 0;
        while (System.nanoTime() < deadline && (ready = Server.getFrom(server.http(), "/health/ready").statusCode()) == 200) {
            Thread.sleep(200);
        }
        assertEquals(503, ready, "not ready while draining");
        assertTrue(admin.items("/admin/nodes").getJsonObject(0).getBoolean("draining"));
        assertEquals(200, Server.getFrom(server.http(), "/health/live").statusCode(), "the process goes on");
    }

    /**
     * The HTTP status of a WebSocket handshake at {@code url} from {@code forwardedFor} (through the trusted proxy): 101
     * when it opens.
     */
    static int handshakeStatus(String url, String forwardedFor) {
        try {
            java.net.http.WebSocket socket = Server.HTTP_CLIENT.newWebSocketBuilder().header("X-Forwarded-For", forwardedFor)
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(java.net.URI.create(url), new java.net.http.WebSocket.Listener() {
                    }).join();
            socket.abort();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static JsonObject awaitAllocation(String user, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonObject found : admin.items("/admin/allocations").getValuesAs(JsonObject.class)) {
                if (found.getString("username").equals(user) && found.getJsonNumber("packets_to_peers").longValue() > 0) {
                    return found;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no allocation of " + user + " with traffic within " + timeout + ": "
                + admin.items("/admin/allocations"));
    }

    /** The 20-character (latin-1) string of 40 hex digits, as the tracker's frames carry ids. */
    static String latin1(String hex) {
        return new String(java.util.HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
    }

    /** The lines a process prints, as they come. */
    static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("{")) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
