package dev.rendezvous.it;

import dev.rendezvous.auth.RestCredentials;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live settings on a running Liberty server of its own, whose settings file ({@code RENDEZVOUS_CONFIG_FILE}) each
 * test rewrites: TURN secrets and users rotate, origins change, an invalid file is refused whole, a restart-only key
 * waits for a restart, and nothing open before a change is disturbed by it.
 */
class LiveSettingsIT {
    static final Duration RELOAD = Duration.ofSeconds(20);
    static final Path DIR = Path.of("target/live-settings-it").toAbsolutePath();
    static final Path SETTINGS = DIR.resolve("rendezvous.properties");
    static final String TOKEN_A = "live-admin-token-a-0123456789";
    static final String TOKEN_B = "live-admin-token-b-0123456789";
    static LibertyServer server;
    static InetSocketAddress turn;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(DIR);
        write(SETTINGS, "rendezvous.turn.secrets=first-secret\nrendezvous.turn.users=alice:alice-pw\n");
        int turnPort = FreePorts.next();
        turn = new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort);
        server = LibertyServer.named("liveSettingsIT")
                .env("RENDEZVOUS_CONFIG_FILE", SETTINGS)
                // admin on from the environment; a file that names the key overrides it, one that does not falls back
                .env("RENDEZVOUS_ADMIN_TOKEN", TOKEN_A + "," + TOKEN_B)
                .property("rendezvous.turn.listen-address", "127.0.0.1")
                .property("rendezvous.turn.port", turnPort)
                .property("rendezvous.turn.tls-port", 0)
                .property("rendezvous.turn.allow-loopback-peers", true)
                .property("rendezvous.turn.max-allocations-per-address", 1000)
                .build();
        server.start().awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Replaces {@code file} as operators should: written aside, then renamed over it. */
    static void write(Path file, String content) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(aside, content);
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the settings file and waits for the reload it causes; returns the health check's data. */
    static JsonObject apply(String content) throws Exception {
        String before = settingsCheck(server).getString("last-reload");
        write(SETTINGS, content);
        return awaitReload(server, before);
    }

    static JsonObject awaitReload(LibertyServer on, String before) throws InterruptedException {
        long deadline = System.nanoTime() + RELOAD.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject data = settingsCheck(on);
            if (!data.getString("last-reload").equals(before)) {
                return data;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no reload within " + RELOAD);
    }

    /** The data of the {@code settings} check in {@code /health}. */
    static JsonObject settingsCheck(LibertyServer on) {
        String body = Server.getFrom(on.http(), "/health").body();
        for (var check : Json.createReader(new StringReader(body)).readObject().getJsonArray("checks")) {
            JsonObject c = check.asJsonObject();
            if (c.getString("name").equals("settings")) {
                assertEquals("UP", c.getString("status"), body);
                return c.getJsonObject("data");
            }
        }
        throw new AssertionError("no settings check in " + body);
    }

    /** An Allocate with long-term credentials: the error code, 0 on success. */
    static int allocate(TurnClient client, String user, String password) throws IOException {
        TurnClient.Reply reply = client.authenticated(MessageType.ALLOCATE, user, password, TurnClient.udpTransport());
        return reply.success() ? 0 : reply.errorCode();
    }

    static String[] restCredential(String secret) {
        String username = RestCredentials.username(System.currentTimeMillis() / 1000 + 3600, "live");
        return new String[]{username, RestCredentials.password(secret.getBytes(StandardCharsets.UTF_8), username)};
    }

    static int allocateRest(String secret) throws IOException {
        String[] credential = restCredential(secret);
        try (TurnClient client = new TurnClient(turn)) {
            return allocate(client, credential[0], credential[1]);
        }
    }

    static int allocateUser(String user, String password) throws IOException {
        try (TurnClient client = new TurnClient(turn)) {
            return allocate(client, user, password);
        }
    }

    static JsonObject announceOnAny(WsClient client) {
        return announceOn(client);
    }

    static JsonObject announceOn(WsClient client) {
        String room = id("live");
        JsonObject reply = client.send(announce(room, id("p"), "")).next();
        assertEquals(room, reply.getString("info_hash"), reply.toString());
        return reply;
    }

    @Test
    void secretsAndUsersRotateWhileTrackerSocketsAndAllocationsStayUp() throws Exception {
        apply("rendezvous.turn.secrets=first-secret\nrendezvous.turn.users=alice:alice-pw\n");
        try (WsClient tracker = WsClient.open(server.ws() + "/announce");
             TurnClient before = new TurnClient(turn);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            peer.setSoTimeout(3000);
            announceOn(tracker);
            String[] first = restCredential("first-secret");
            assertEquals(0, allocate(before, first[0], first[1]));
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            assertTrue(before.request(MessageType.CREATE_PERMISSION, TurnClient.peer(peerAddress)).success());
            assertRelays(before, peer, "before");

            JsonObject rotated = apply("rendezvous.turn.secrets=second-secret\nrendezvous.turn.users=bob:bob-pw\n");
            assertEquals("applied", rotated.getString("outcome"), rotated.toString());
            assertTrue(rotated.getString("message").contains("rendezvous.turn.secrets"), rotated.toString());
            assertTrue(!rotated.toString().contains("second-secret") && !rotated.toString().contains("bob-pw"), "no secret shown");
            assertEquals(0, allocateRest("second-secret"), "signed with the new secret");
            assertEquals(401, allocateRest("first-secret"), "signed with the removed secret");
            assertEquals(0, allocateUser("bob", "bob-pw"), "a user added");
            assertEquals(401, allocateUser("alice", "alice-pw"), "a user removed");

            announceOn(tracker); // the socket opened before the change still works
            assertRelays(before, peer, "after"); // and so does the allocation made before it

            apply("rendezvous.turn.secrets=second-secret\n");
            assertEquals(401, allocateUser("bob", "bob-pw"), "the added user removed again");
            assertEquals(0, allocateRest("second-secret"));
            announceOn(tracker);
            assertRelays(before, peer, "at the end");
        }
        String log = Files.readString(server.messagesLog());
        assertTrue(!log.contains("second-secret") && !log.contains("first-secret") && !log.contains("bob-pw"), "secrets never logged");
    }

    static void assertRelays(TurnClient client, DatagramSocket peer, String when) throws IOException {
        byte[] data = ("relayed " + when).getBytes(StandardCharsets.UTF_8);
        client.sendIndication((InetSocketAddress) peer.getLocalSocketAddress(), data);
        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
        peer.receive(packet);
        assertArrayEquals(data, java.util.Arrays.copyOf(packet.getData(), packet.getLength()), when);
    }

    @Test
    void anInvalidFileIsRefusedWholeAndTheRunningSettingsStay() throws Exception {
        apply("rendezvous.turn.secrets=kept-secret\n");
        double refused = Server.metricOf(server.http(), "rendezvous_settings_reloads_total", "outcome=\"refused\"");

        JsonObject badValue = apply("rendezvous.turn.secrets=lost-secret\nrendezvous.tracker.max-offers=lots\n");
        assertEquals("refused", badValue.getString("outcome"), badValue.toString());
        assertTrue(badValue.getString("message").contains("rendezvous.tracker.max-offers"), badValue.toString());
        assertEquals(0, allocateRest("kept-secret"), "the previous settings keep serving");
        assertEquals(401, allocateRest("lost-secret"), "nothing of the refused file applied");

        JsonObject badSyntax = apply("rendezvous.turn.secrets=lost-secret\nrendezvous.public-host=\\u12G4\n");
        assertEquals("refused", badSyntax.getString("outcome"), badSyntax.toString());
        assertTrue(badSyntax.getString("message").contains("syntax"), badSyntax.toString());
        assertEquals(0, allocateRest("kept-secret"));

        JsonObject badList = apply("rendezvous.turn.secrets=lost-secret\nrendezvous.tracker.access-list.mode=allow\n");
        assertEquals("refused", badList.getString("outcome"), badList.toString());
        assertTrue(badList.getString("message").contains("rendezvous.tracker.access-list.path"), badList.toString());

        assertEquals(refused + 3, Server.metricOf(server.http(), "rendezvous_settings_reloads_total", "outcome=\"refused\""));
        String log = server.awaitLog("rendezvous.tracker.max-offers", Duration.ofSeconds(5));
        assertTrue(log.contains("reload refused"), "one log line names the key and the problem");

        // A restart-only key is reported, not applied; the live keys beside it are.
        JsonObject restartOnly = apply("rendezvous.turn.secrets=new-kept-secret\nrendezvous.turn.port=1\n");
        assertEquals("applied", restartOnly.getString("outcome"), restartOnly.toString());
        assertEquals("rendezvous.turn.port", restartOnly.getString("pending-restart"), restartOnly.toString());
        assertEquals(0, allocateRest("new-kept-secret"), "TURN still on its port, with the new secret");
        server.awaitLog("not applied until a restart (only read at start-up): rendezvous.turn.port", Duration.ofSeconds(5));
    }

    @Test
    void turnQuotasChangeForNewAllocations() throws Exception {
        apply("rendezvous.turn.users=quota:quota-pw\nrendezvous.turn.max-allocations-per-address=1\n");
        InetAddress from = InetAddress.getByName("127.0.0.21"); // an address of its own: no other test's allocations
        try (TurnClient first = new TurnClient(turn, from);
             TurnClient second = new TurnClient(turn, from);
             TurnClient third = new TurnClient(turn, from)) {
            assertEquals(0, allocate(first, "quota", "quota-pw"));
            assertEquals(486, allocate(second, "quota", "quota-pw"), "over the quota set live");
            apply("rendezvous.turn.users=quota:quota-pw\nrendezvous.turn.max-allocations-per-address=2\n");
            assertEquals(0, allocate(third, "quota", "quota-pw"), "the raised quota applies to the next allocation");
            assertTrue(first.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0)).success());
            assertTrue(third.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0)).success());
        }
        apply("");
    }

    @Test
    void allowedOriginsChangeForNewHandshakesAndIceServers() throws Exception {
        apply("rendezvous.turn.secrets=origin-secret\nrendezvous.tracker.allowed-origins=https://one.example\n");
        try (WsClient one = WsClient.open(server.ws() + "/announce", "https://one.example")) {
            announceOn(one);
            assertRefused("https://two.example");
            assertEquals(200, iceServers("https://one.example"));
            assertEquals(403, iceServers("https://two.example"));

            apply("rendezvous.turn.secrets=origin-secret\nrendezvous.tracker.allowed-origins=https://two.example\n");
            try (WsClient two = WsClient.open(server.ws() + "/announce", "https://two.example")) {
                announceOn(two);
            }
            assertRefused("https://one.example");
            assertEquals(200, iceServers("https://two.example"));
            assertEquals(403, iceServers("https://one.example"));
            announceOn(one); // admitted before the change: stays
        }
        apply("rendezvous.turn.secrets=origin-secret\n");
    }

    static void assertRefused(String origin) {
        CompletionException e = assertThrows(CompletionException.class, () -> WsClient.open(server.ws() + "/announce", origin));
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
    }

    static int iceServers(String origin) throws Exception {
        HttpResponse<String> response = Server.HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(server.http() + "/ice-servers"))
                .header("Origin", origin).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    @Test
    void accessListDeniesThenAllowsSwarmsOnOneSocketOfTheReferenceClient() throws Exception {
        Path list = DIR.resolve("access-list.txt");
        String listed = "1111111111111111111111111111111111111111";
        String other = "2222222222222222222222222222222222222222";
        write(list, "# swarms\n" + listed + "\n");
        apply("rendezvous.tracker.access-list.mode=deny\nrendezvous.tracker.access-list.path=" + list + "\n");
        double refusedBefore = Server.metricOf(server.http(), "rendezvous_tracker_error_frames_total", "reason=\"access_list\"");
        NodeProcess.Result deny = NodeProcess.run(Duration.ofSeconds(60), "access-list.mjs", server.ws() + "/announce",
                list.toString(), "deny", listed, other);
        assertEquals(0, deny.exitCode(), deny.output());
        assertTrue(deny.output().contains("access list"), "the failure frame names the reason: " + deny.output());

        write(list, "# swarms\n" + listed + "\n");
        apply("rendezvous.tracker.access-list.mode=allow\nrendezvous.tracker.access-list.path=" + list + "\n");
        NodeProcess.Result allow = NodeProcess.run(Duration.ofSeconds(60), "access-list.mjs", server.ws() + "/announce",
                list.toString(), "allow", listed, other);
        assertEquals(0, allow.exitCode(), allow.output());
        assertTrue(Server.metricOf(server.http(), "rendezvous_tracker_error_frames_total", "reason=\"access_list\"") >= refusedBefore + 2);

        // A bad line refuses the new list whole; the old one stays.
        String before = settingsCheck(server).getString("last-reload");
        write(list, listed + "\nnot-a-hash\n");
        JsonObject bad = awaitReload(server, before);
        assertEquals("refused", bad.getString("outcome"), bad.toString());
        assertTrue(bad.getString("message").contains("line 2"), bad.toString());
        try (WsClient client = WsClient.open(server.ws() + "/announce")) {
            String binary = new String(java.util.HexFormat.of().parseHex(listed), StandardCharsets.ISO_8859_1);
            JsonObject reply = client.send(announce(binary, id("p"), "")).next();
            assertTrue(reply.containsKey("interval"), "still allowed by the old list: " + reply);
            JsonObject refused = client.send(announce(id("unlisted"), id("p"), "")).next();
            assertTrue(refused.getString("failure reason").contains("access list"), refused.toString());
        }
        apply("");
    }

    @Test
    void postAdminReloadRevokesARemovedTokenAtOnceAndNodesShowsTheOutcome() throws Exception {
        AdminApi withA = new AdminApi(server.http(), TOKEN_A);
        AdminApi withB = new AdminApi(server.http(), TOKEN_B);
        write(SETTINGS, "rendezvous.turn.secrets=admin-secret\nrendezvous.admin.token=" + TOKEN_A + "," + TOKEN_B + "\n");
        assertEquals(200, withB.call("POST", "/admin/reload").statusCode());
        withB.get("/admin/nodes");

        // The file now names one token; the reload is asked at once, without waiting for the poll.
        write(SETTINGS, "rendezvous.turn.secrets=admin-secret\nrendezvous.admin.token=" + TOKEN_A + "\n");
        HttpResponse<String> reloaded = withA.call("POST", "/admin/reload");
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        JsonObject applied = AdminApi.json(reloaded.body());
        assertEquals("applied", applied.getString("outcome"), applied.toString());
        assertEquals(0, applied.getJsonArray("pending_restart").size(), applied.toString());
        assertTrue(!reloaded.body().contains(TOKEN_A), "a token is never echoed");

        HttpResponse<String> revoked = withB.call("GET", "/admin/nodes");
        assertEquals(401, revoked.statusCode(), "the removed token is revoked: " + revoked.body());
        assertTrue(revoked.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        JsonObject node = withA.items("/admin/nodes").getJsonObject(0);
        JsonObject last = node.getJsonObject("last_reload");
        assertEquals("applied", last.getString("outcome"), node.toString());
        assertTrue(java.time.Instant.parse(last.getString("time")).compareTo(java.time.Instant.parse(applied.getString("time"))) >= 0,
                node.toString());

        // An invalid file is refused whole (422, naming the key), and the running settings serve on.
        write(SETTINGS, "rendezvous.turn.secrets=lost-secret\nrendezvous.admin.token=" + TOKEN_A + "," + TOKEN_B
                + "\nrendezvous.tracker.max-offers=lots\n");
        HttpResponse<String> refused = withA.call("POST", "/admin/reload");
        assertEquals(422, refused.statusCode(), refused.body());
        JsonObject outcome = AdminApi.json(refused.body());
        assertEquals("refused", outcome.getString("outcome"), outcome.toString());
        assertTrue(outcome.getString("message").contains("rendezvous.tracker.max-offers"), outcome.toString());
        assertEquals(401, withB.call("GET", "/admin/nodes").statusCode(), "nothing of the refused file applied");
        assertEquals(0, allocateRest("admin-secret"), "the previous secret keeps serving");
        assertEquals(401, allocateRest("lost-secret"));
        JsonObject shown = withA.items("/admin/nodes").getJsonObject(0).getJsonObject("last_reload");
        assertEquals("refused", shown.getString("outcome"), shown.toString());
        assertTrue(shown.getString("message").contains("rendezvous.tracker.max-offers"), shown.toString());

        // A restart-only key is shown pending in /admin/nodes; so is a file that would leave admin with no token refused.
        write(SETTINGS, "rendezvous.turn.secrets=admin-secret\nrendezvous.admin.token=" + TOKEN_A
                + "\nrendezvous.turn.port=1\n");
        assertEquals(200, withA.call("POST", "/admin/reload").statusCode());
        JsonObject pending = withA.items("/admin/nodes").getJsonObject(0).getJsonObject("last_reload");
        assertEquals("rendezvous.turn.port", pending.getJsonArray("pending_restart").getString(0), pending.toString());
        write(SETTINGS, "rendezvous.turn.secrets=admin-secret\nrendezvous.admin.token=\n");
        HttpResponse<String> locked = withA.call("POST", "/admin/reload");
        assertEquals(422, locked.statusCode(), locked.body());
        assertTrue(locked.body().contains("rendezvous.admin.token"), locked.body());
        assertEquals(200, withA.call("GET", "/admin/nodes").statusCode());

        // Without the key in the file, the environment's two tokens are back.
        write(SETTINGS, "rendezvous.turn.secrets=admin-secret\n");
        assertEquals(200, withA.call("POST", "/admin/reload").statusCode());
        assertEquals(200, withB.call("GET", "/admin/nodes").statusCode());
        assertEquals(401, new AdminApi(server.http(), null).call("POST", "/admin/reload").statusCode(),
                "POST /admin/reload takes a token as every /admin path");
    }
}
