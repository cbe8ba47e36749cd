package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strangers' strings cannot be turned against whoever opens the pages (src/test/node/hostile-strings.mjs): raw
 * clients connect with a User-Agent and an Origin carrying HTML and script, announce such a peer_id and info_hash,
 * and offer into a demo room where two Chromium tabs chat a payload; then the dashboard and /stats are opened.
 * No payload runs anywhere, each one a page shows is shown whole as text, and no page breaks its
 * Content-Security-Policy. A server of its own: its origin allowlist is open, so that the hostile Origin connects.
 */
class PagesIT {
    private static LibertyServer server;
    private static JsonObject result;

    @BeforeAll
    static void openThePagesAfterTheHostileClients() throws Exception {
        server = LibertyServer.named("rendezvousPagesIT")
                .property("rendezvous.turn.listen-address", "127.0.0.1")
                .property("rendezvous.turn.port", NodeProcess.freePort())
                .property("rendezvous.turn.tls-port", 0)
                .property("rendezvous.turn.secrets", "pages-secret")
                .property("rendezvous.turn.allow-loopback-peers", true)
                .build();
        server.start().awaitReady(Duration.ofSeconds(120));
        NodeProcess.Result run = NodeProcess.run(Duration.ofSeconds(150), "hostile-strings.mjs", server.http());
        String output = run.output().strip();
        assertEquals(0, run.exitCode(), output);
        result = Json.createReader(new StringReader(output.substring(output.lastIndexOf('\n') + 1))).readObject();
        assertFalse(result.containsKey("error"), output);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void noPayloadRunsOnAnyPageAndNoPageBreaksItsPolicy() {
        JsonObject pages = result.getJsonObject("pages");
        assertEquals(List.of("dashboard", "room-a", "room-b", "stats"), pages.keySet().stream().sorted().toList());
        for (Map.Entry<String, JsonValue> entry : pages.entrySet()) {
            JsonObject page = entry.getValue().asJsonObject();
            String name = entry.getKey() + ": " + page;
            assertEquals(JsonValue.NULL, page.get("marker"), name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("dialogs"), name);
            assertEquals(0, page.getInt("injected"), "no element made from a payload: " + name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("violations"), name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("consoleErrors"), name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("partial"), "markup only inside whole payloads: " + name);
        }
    }

    @Test
    void theRoomShowsAHostilePeerIdAndChatMessageWholeAsText() {
        for (String tab : List.of("room-a", "room-b")) {
            JsonObject shown = result.getJsonObject("pages").getJsonObject(tab).getJsonObject("shown");
            assertTrue(shown.getBoolean("peerId"), tab + ": " + shown);
            assertTrue(shown.getBoolean("chat"), tab + ": " + shown);
        }
        for (JsonValue rows : result.getJsonArray("peerRows")) {
            assertTrue(rows.asJsonArray().getValuesAs(JsonString::getString).contains("<svg onload=alert()>"), rows.toString());
        }
        assertTrue(result.getJsonArray("chatLines").getValuesAs(JsonString::getString).stream()
                .anyMatch(line -> line.endsWith(": <img src=x onerror=\"xssFired='chat';alert(2)\"></script>"
                        + "<script>xssFired='chat'</script> javascript:alert(3)")), result.getJsonArray("chatLines").toString());
    }

    @Test
    void theWatchersSeeWhatACarelessPageWouldDoAndThePolicyStopsIt() {
        JsonObject control = result.getJsonObject("control");
        assertEquals(1, control.getInt("injected"), "the markup went in: " + control);
        assertEquals(JsonValue.NULL, control.get("marker"), "the inline handler did not run: " + control);
        assertTrue(control.getJsonArray("violations").getValuesAs(JsonString::getString).stream()
                .anyMatch(v -> v.startsWith("script-src")), "the policy blocked it, and the test saw that: " + control);
    }
}
