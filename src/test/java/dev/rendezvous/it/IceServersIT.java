package dev.rendezvous.it;

import dev.rendezvous.stun.MessageType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /ice-servers} on the running server (tracker-gated TURN, origins allowlisted, 50 requests a minute). */
class IceServersIT {

    private static HttpResponse<String> get(String query, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Server.HTTP + "/ice-servers" + query))
                .timeout(Duration.ofSeconds(10));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return Server.HTTP_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.toString());
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static String query(String peerId) {
        return "?peer_id=" + URLEncoder.encode(peerId, StandardCharsets.ISO_8859_1);
    }

    @Test
    void mintedCredentialsAllocateWhileTheirPeerIsAnnounced() throws Exception {
        String peerId = Frames.id("ice");
        HttpResponse<String> response = get(query(peerId), "https://allowed.example");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("https://allowed.example", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonObject body = json(response);
        String username = body.getString("username");
        String password = body.getString("password");
        assertEquals(86_400, body.getInt("ttl"));
        String host = "127.0.0.1:" + TurnClient.SERVER.getPort();
        assertEquals("stun:" + host, body.getJsonArray("uris").getString(0));
        assertEquals("turn:" + host + "?transport=udp", body.getJsonArray("iceServers").getJsonObject(1).getJsonArray("urls").getString(0));
        assertEquals("turns:127.0.0.1:" + Integer.getInteger("it.turn.tls.port") + "?transport=tcp",
                body.getJsonArray("uris").getString(3), "TLS is on, so turns: is offered");
        assertEquals(password, body.getJsonArray("iceServers").getJsonObject(1).getString("credential"));

        try (TurnClient client = new TurnClient()) {
            assertEquals(401, client.authenticated(MessageType.ALLOCATE, username, password, TurnClient.udpTransport()).errorCode(),
                    "tracker-gated: refused until the peer_id is announced");
        }
        try (WsClient tracker = WsClient.connect(); TurnClient client = new TurnClient()) {
            tracker.send(Frames.announce(Frames.id("room"), peerId, "")).next();
            assertTrue(client.authenticated(MessageType.ALLOCATE, username, password, TurnClient.udpTransport()).success());
        }
    }

    @Test
    void expiredCredentialsCannotAllocate() throws Exception {
        String peerId = Frames.id("late");
        JsonObject body = json(get(query(peerId) + "&ttl=1", null));
        assertEquals(1, body.getInt("ttl"));
        try (WsClient tracker = WsClient.connect(); TurnClient client = new TurnClient()) {
            tracker.send(Frames.announce(Frames.id("room"), peerId, "")).next();
            Thread.sleep(2100);
            assertEquals(401, client.authenticated(MessageType.ALLOCATE, body.getString("username"), body.getString("password"),
                    TurnClient.udpTransport()).errorCode());
        }
    }

    @Test
    void badRequestsGetAJsonErrorAndTheRightStatus() throws Exception {
        HttpResponse<String> refused = get(query(Frames.id("x")), "https://evil.example");
        assertEquals(403, refused.statusCode());
        assertTrue(json(refused).getString("error").contains("https://evil.example"));
        assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "a refused origin may not read it");

        HttpResponse<String> noPeer = get("", null);
        assertEquals(400, noPeer.statusCode());
        assertTrue(json(noPeer).getString("error").contains("peer_id is required"));
        HttpResponse<String> badPeer = get("?peer_id=tooshort", null);
        assertEquals(400, badPeer.statusCode());
        assertTrue(json(badPeer).getString("error").contains("20 characters or 40 hex digits"));
        for (String ttl : new String[]{"0", "-5", "86401", "soon"}) {
            HttpResponse<String> badTtl = get(query(Frames.id("t")) + "&ttl=" + ttl, null);
            assertEquals(400, badTtl.statusCode(), ttl);
            assertTrue(json(badTtl).getString("error").contains("ttl must be 1 to 86400"));
        }
        assertEquals(200, get(query(Frames.id("ok")), null).statusCode(), "nothing broke");
    }

    @Test
    void oneAddressIsLimitedWithoutTouchingOthers() throws Exception {
        // From 127.0.0.2, so that this address's limit does not reach the other tests (which come from 127.0.0.1).
        String request = "GET /ice-servers" + query(Frames.id("farm")) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        int ok = 0;
        String last = "";
        for (int i = 0; i < 60 && !last.startsWith("HTTP/1.1 429"); i++) {
            last = rawGet(request);
            if (last.startsWith("HTTP/1.1 200")) {
                ok++;
            }
        }
        assertEquals(50, ok, "50 a minute");
        assertTrue(last.startsWith("HTTP/1.1 429"), last);
        assertTrue(last.contains("Retry-After: 60") && last.contains("too many credential requests"), last);
        assertEquals(200, get(query(Frames.id("other")), null).statusCode(), "another address is not limited");
    }

    private static String rawGet(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", Server.HTTP_PORT), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
