package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless Debian Chromium, driven by playwright-core (src/test/node/browser.mjs), uses only what Rendezvous serves:
 * two demo-room pages meet through the tracker and chat through the TURN relay. The IT server is tracker-gated, so
 * every credential here is bound to an announced peer_id.
 */
class BrowserIT {
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    private static JsonObject browser(String scenario, String options) throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(120), "browser.mjs", scenario, Server.HTTP, options);
        String output = result.output().strip();
        String last = output.substring(output.lastIndexOf('\n') + 1);
        assertEquals(0, result.exitCode(), output);
        JsonObject json = Json.createReader(new StringReader(last)).readObject();
        assertTrue(!json.containsKey("error"), output);
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, json.getJsonArray("consoleErrors"), "no console errors: " + output);
        return json;
    }

    private static void assertRelayedBothEnds(JsonObject room, String relayProtocol) {
        JsonArray received = room.getJsonArray("received");
        assertEquals("hello from b", received.getJsonArray(0).getString(0), room.toString());
        assertEquals("hello from a", received.getJsonArray(1).getString(0), room.toString());
        for (JsonValue pagePaths : room.getJsonArray("paths")) {
            JsonObject path = pagePaths.asJsonArray().getJsonObject(0);
            assertEquals("relay", path.getString("local"), room.toString());
            assertEquals("relay", path.getString("remote"), room.toString());
            assertEquals(relayProtocol, path.getString("relayProtocol"), room.toString());
        }
        for (JsonValue shown : room.getJsonArray("shownPaths")) {
            assertTrue(shown.asJsonArray().getString(0).startsWith("relayed"), "the page shows it: " + room);
        }
    }

    @Test
    void twoPagesChatThroughTheUdpRelayWhileTheDashboardShowsItLive() throws Exception {
        double created = Server.metric("rendezvous_turn_allocations_created_total");
        double relayed = Server.metric("rendezvous_turn_relayed_bytes_total", "direction=\"to_client\"");
        Files.deleteIfExists(SCREENSHOT);
        JsonObject room = browser("room", "{\"transport\":\"udp\",\"screenshot\":\"" + SCREENSHOT.toAbsolutePath() + "\"}");
        assertRelayedBothEnds(room, "udp");
        assertTrue(Server.metric("rendezvous_turn_allocations_created_total") >= created + 2, "our metrics counted the allocations");
        assertTrue(Server.metric("rendezvous_turn_relayed_bytes_total", "direction=\"to_client\"") > relayed);

        JsonObject dashboard = room.getJsonObject("dashboard");
        assertTrue(dashboard.getJsonNumber("sockets").intValue() >= 2, dashboard.toString());
        assertTrue(dashboard.getJsonNumber("peers").intValue() >= 2, dashboard.toString());
        assertTrue(dashboard.getJsonNumber("allocations").intValue() >= 2, dashboard.toString());
        assertTrue(dashboard.getJsonNumber("relayed").doubleValue() > 0, dashboard.toString());
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot under target/");
    }

    @Test
    void twoPagesChatThroughTheRelayOverTcp() throws Exception {
        assertRelayedBothEnds(browser("room", "{\"transport\":\"tcp\"}"), "tcp");
    }

    @Test
    void unannouncedOrExpiredCredentialsCannotAllocateAndOtherOriginsAreRefused() throws Exception {
        JsonObject refusals = browser("refusals", "{}");
        assertEquals(200, refusals.getInt("unannouncedStatus"), "minted, but the gate refuses them");
        for (String key : new String[]{"unannounced", "expired"}) {
            JsonObject gathering = refusals.getJsonObject(key);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, gathering.getJsonArray("candidates"), key + ": no relay candidate " + refusals);
            assertTrue(gathering.getJsonArray("errors").contains(Json.createValue(401)), key + ": " + refusals);
        }
        assertTrue(refusals.getString("otherOrigin").startsWith("refused"), refusals.toString());
    }
}
