package dev.rendezvous.it;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.answer;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
}
