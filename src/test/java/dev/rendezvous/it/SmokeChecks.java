package dev.rendezvous.it;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.answer;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every form and every server must do, checked the same way for each: the smoke suite. */
final class SmokeChecks {
    private SmokeChecks() {
    }

    /** A health answer: UP, with Rendezvous' tracker and TURN checks in it, each named once, addresses readable. */
    static void healthIsUp(HttpResponse<String> health) {
        assertEquals(200, health.statusCode(), health.body());
        JsonObject body = Json.createReader(new StringReader(health.body())).readObject();
        assertEquals("UP", body.getString("status"));
        assertTrue(health.body().contains("\"turn-udp\"") && health.body().contains("\"tracker\""), health.body());
        checksAreNamedOnceWithReadableAddresses(body);
    }

    /**
     * Every check in a health answer has a name of its own (a dashboard or a monitor tells them apart by it), and
     * every {@code address} is written as operators write one ({@code 127.0.0.1:3478}, {@code [::1]:3478}), not
     * as Java prints it ({@code /127.0.0.1:3478}). Returns the checks by name.
     */
    static Map<String, JsonObject> checksAreNamedOnceWithReadableAddresses(JsonObject health) {
        Map<String, JsonObject> checks = new LinkedHashMap<>();
        for (JsonObject check : health.getJsonArray("checks").getValuesAs(JsonObject.class)) {
            assertNull(checks.put(check.getString("name"), check), "two checks named " + check.getString("name") + ": " + health);
            JsonObject data = check.getJsonObject("data");
            if (data != null && data.containsKey("address")) {
                String address = data.getString("address");
                assertTrue(address.matches("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-f:.%\\w]+]):\\d+"),
                        check.getString("name") + " address " + address);
            }
        }
        return checks;
    }

    /** Two sockets at {@code url} meet: an offer goes from one to the other, and its answer comes back. */
    static void offerAndAnswerRoundTrip(String url) {
        String room = id("smoke");
        String alice = id("alice");
        String bob = id("bob");
        try (WsClient a = WsClient.open(url); WsClient b = WsClient.open(url)) {
            assertEquals("announce", b.send(announce(room, bob, "")).next().getString("action"));
            a.send(announce(room, alice, offers("smoke-offer"))).next();
            JsonObject offer = b.next();
            assertEquals(alice, offer.getString("peer_id"));
            assertEquals("smoke-offer", offer.getString("offer_id"));
            b.send(answer(room, bob, alice, "smoke-offer"));
            JsonObject answer = a.next();
            assertEquals(bob, answer.getString("peer_id"));
            assertEquals("answer", answer.getJsonObject("answer").getString("type"));
        }
    }

    /** A STUN Binding to 127.0.0.1:{@code turnPort} is answered with the client's own address. */
    static void stunBindingAnswers(int turnPort) throws IOException {
        try (TurnClient client = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort))) {
            TurnClient.Reply reply = client.request(MessageType.BINDING, w -> { });
            assertTrue(reply.success());
            assertEquals(client.localAddress(), reply.address(AttributeType.XOR_MAPPED_ADDRESS));
        }
    }

    /** The UDP tracker on 127.0.0.1:{@code port} hands out a connection id and answers an announce and a scrape with it. */
    static void udpTrackerConnects(int port) throws IOException {
        try (UdpTrackerClient client = UdpTrackerClient.ipv4(port)) {
            long id = client.connect();
            String infoHash = "smoke-check-udp-0001";
            dev.rendezvous.tracker.udp.Bep15.Answer announce = client.exchange(
                    dev.rendezvous.tracker.udp.Bep15.announce(id, 1, infoHash, "-SMOKE1-000000000001", 0, 2, -1, 6881));
            assertEquals(1, announce.seeders());
            assertEquals(1, client.exchange(dev.rendezvous.tracker.udp.Bep15.scrape(id, 2, infoHash)).scraped(0)[0]);
        }
    }

    /** The /ice-servers answer lists the STUN server first, and its credentials allocate there. */
    static void iceServersCredentialsAllocate(HttpResponse<String> response, int turnPort) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals("stun:127.0.0.1:" + turnPort, body.getJsonArray("uris").getString(0));
        try (TurnClient client = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort))) {
            assertTrue(client.authenticated(MessageType.ALLOCATE, body.getString("username"), body.getString("password"),
                    TurnClient.udpTransport()).success());
        }
    }

    /** The pages and answers of the application that every server serves. */
    static final List<String> APPLICATION_PATHS = List.of("/", "/index.html", "/room.html", "/assets/dashboard.js",
            "/assets/style.css", "/stats", "/stats.json", "/ice-servers", "/admin", "/admin/nodes", "/no-such-page");
    /** A Java class name (jakarta.servlet.ServletException), as container error pages print them. */
    private static final Pattern JAVA_CLASS = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z][A-Za-z0-9_$]*");
    /** A server message id: SRVE0190E, CWWWC0005I, RESTEASY003210, WELD-000119, UT010023. */
    private static final Pattern MESSAGE_ID = Pattern.compile("\\b[A-Z]{2,9}-?[0-9]{4,6}[A-Z]?\\b");

    /** {@code method path} at {@code base}, with request headers as name, value pairs. */
    static HttpResponse<String> request(String base, String method, String path, String... headers) {
        return request(base, Duration.ofSeconds(10), method, path, headers);
    }

    /** {@code method path} at {@code base}, answered within {@code timeout}, with headers as name, value pairs. */
    static HttpResponse<String> request(String base, Duration timeout, String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return Server.HTTP_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every page and answer of the application at {@code base} (http://127.0.0.1:port) carries the security headers
     * (docs/security.md), whatever its status, and names no server.
     */
    static void pagesAndAnswersCarryTheSecurityHeaders(String base) {
        String hostPort = base.substring(base.indexOf("://") + 3);
        for (String path : APPLICATION_PATHS) {
            HttpResponse<String> response = request(base, "GET", path);
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            for (String directive : List.of("default-src 'self'", "script-src 'self'", "style-src 'self'",
                    "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                    "connect-src 'self' ws://" + hostPort + " wss://" + hostPort)) {
                assertTrue(csp.contains(directive), path + ": " + directive + " in " + csp);
            }
            assertFalse(csp.contains("unsafe-"), path + ": " + csp);
            assertEquals(List.of("nosniff"), response.headers().allValues("X-Content-Type-Options"), path);
            assertEquals(List.of("no-referrer"), response.headers().allValues("Referrer-Policy"), path);
            if (path.startsWith("/admin") || path.startsWith("/ice-servers")) {
                assertTrue(response.headers().allValues("Cache-Control").contains("no-store"),
                        path + ": " + response.headers().map());
            }
            namesNoServer(path, response);
        }
    }

    /** No header names the server, its version or its internals. */
    static void namesNoServer(String what, HttpResponse<String> response) {
        for (String name : response.headers().map().keySet()) {
            assertFalse(List.of("server", "x-powered-by", "$wsep").contains(name.toLowerCase(java.util.Locale.ROOT)),
                    what + ": " + name + " header, " + response.headers().map());
            assertFalse(JAVA_CLASS.matcher(name).find() || name.contains("Exception"), what + ": header " + name);
        }
    }

    /**
     * An unknown path, a wrong method and a request that makes a resource throw get a short body naming no Java
     * class and no message id, and headers naming no server, from the servlet container and from JAX-RS alike.
     */
    static void errorsAreQuiet(String base) {
        assertQuiet(404, request(base, "GET", "/no-such-page"), "unknown path");
        assertQuiet(404, request(base, "GET", "/assets/no-such.js"), "unknown file");
        assertQuiet(405, request(base, "POST", "/stats"), "wrong method on a servlet");
        assertQuiet(404, request(base, "GET", "/ice-servers/no-such"), "unknown REST path");
        HttpResponse<String> wrongMethod = request(base, "POST", "/ice-servers");
        assertQuiet(405, wrongMethod, "wrong method on a REST resource");
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("GET"), "405 still says what is allowed");
        assertTrue(wrongMethod.body().startsWith("{\"error\":"), wrongMethod.body());
        // The JAX-RS runtime throws while it reads the request for the resource: an Accept header whose q is not a
        // number (RESTEasy: a 500 whose message, unmapped, went out in a header).
        HttpResponse<String> thrown = request(base, "GET", "/ice-servers", "Accept", "application/json;q=x");
        assertTrue(thrown.statusCode() >= 400, "an Accept header the runtime cannot parse: " + thrown.statusCode());
        assertQuiet(thrown.statusCode(), thrown, "unparseable Accept");
    }

    private static void assertQuiet(int status, HttpResponse<String> response, String what) {
        String body = response.body();
        assertEquals(status, response.statusCode(), what + ": " + body);
        assertTrue(body.length() < 200, what + ": a short body: " + body);
        assertFalse(JAVA_CLASS.matcher(body).find(), what + ": names a Java class: " + body);
        assertFalse(MESSAGE_ID.matcher(body).find(), what + ": carries a message id: " + body);
        assertFalse(body.contains("Exception") || body.contains("\tat "), what + ": " + body);
        namesNoServer(what, response);
    }
}
