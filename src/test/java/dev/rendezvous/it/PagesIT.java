package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strangers' strings cannot be turned against whoever opens the pages (src/test/node/hostile-strings.mjs): raw
 * clients connect with a User-Agent and an Origin carrying HTML and script, announce such a peer_id and info_hash,
 * and offer into a demo room where two Chromium tabs chat a payload; then the dashboard and /stats are opened, and
 * the admin console (logged in before the clients came, so that its event stream tells their joins) opens their
 * rooms. No payload runs anywhere, each one a page shows is shown whole as text, no page makes a script URL of one,
 * and no page breaks its Content-Security-Policy. A server of its own: its origin allowlist is open, so that the
 * hostile Origin connects, and admin is on.
 */
class PagesIT {
    private static final String ADMIN_TOKEN = "pages-it-admin-token-0123456789";
    private static LibertyServer server;
    private static JsonObject result;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a server start (up to 2 min) and the browser run (up to 150 s)
    static void openThePagesAfterTheHostileClients() throws Exception {
        server = LibertyServer.named("rendezvousPagesIT")
                .property("rendezvous.turn.listen-address", "127.0.0.1")
                .property("rendezvous.turn.port", FreePorts.next())
                .property("rendezvous.turn.tls-port", 0)
                .property("rendezvous.turn.secrets", "pages-secret")
                .property("rendezvous.turn.allow-loopback-peers", true)
                .property("rendezvous.admin.token", ADMIN_TOKEN)
                .build();
        server.start().awaitReady(Duration.ofSeconds(120));
        NodeProcess.Result run = NodeProcess.run(Duration.ofSeconds(150), "hostile-strings.mjs", server.http(), ADMIN_TOKEN);
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
        assertEquals(List.of("console", "dashboard", "room-a", "room-b", "stats"), pages.keySet().stream().sorted().toList());
        for (Map.Entry<String, JsonValue> entry : pages.entrySet()) {
            JsonObject page = entry.getValue().asJsonObject();
            String name = entry.getKey() + ": " + page;
            assertEquals(JsonValue.NULL, page.get("marker"), name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("dialogs"), name);
            assertEquals(0, page.getInt("injected"), "no element made from a payload: " + name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("violations"), name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("consoleErrors"), name);
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, page.getJsonArray("scriptUrls"), "no javascript: link or source: " + name);
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

    /**
     * The console shows a peer's Origin and User-Agent literally, and names peer_ids and info_hashes by their hex
     * digits (as the admin API does): the hostile ones are shown as exactly those digits, in the rooms list, the
     * room's heading, its peer rows and the event stream.
     */
    @Test
    void theConsoleShowsEachHostileStringLiterallyAsText() {
        JsonObject payloads = result.getJsonObject("payloads");
        JsonObject hex = result.getJsonObject("hex");
        JsonObject page = result.getJsonObject("pages").getJsonObject("console");
        JsonObject shown = page.getJsonObject("shown");
        assertTrue(shown.getBoolean("userAgent") && shown.getBoolean("origin"), shown.toString());
        JsonObject shownHex = page.getJsonObject("shownHex");
        for (String id : List.of("room", "peerId", "otherPeerId", "infoHash")) {
            assertTrue(shownHex.getBoolean(id), id + ": " + shownHex);
        }
        assertEquals(hexOf(payloads.getString("peerId")), hex.getString("peerId"));
        assertEquals(hexOf(payloads.getString("otherPeerId")), hex.getString("otherPeerId"));
        assertEquals(hexOf(payloads.getString("infoHash")), hex.getString("infoHash"));

        JsonObject seen = result.getJsonObject("console");
        List<JsonObject> views = seen.getJsonArray("views").getValuesAs(JsonObject.class);
        assertEquals(2, views.size(), seen.toString());
        String[][] expected = {{hex.getString("room"), hex.getString("peerId")},
                {hex.getString("infoHash"), hex.getString("otherPeerId")}};
        for (int i = 0; i < expected.length; i++) {
            JsonObject view = views.get(i);
            List<String> cells = view.getJsonArray("peerCells").getValuesAs(JsonString::getString);
            assertEquals(expected[i][0], view.getString("room"), view.toString());
            assertEquals(expected[i][1], cells.get(0), "peer_id: " + view);
            assertEquals(payloads.getString("origin"), cells.get(3), "Origin: " + view);
            assertEquals(payloads.getString("userAgent"), cells.get(4), "User-Agent: " + view);
        }
        List<String> events = seen.getJsonArray("events").getValuesAs(JsonString::getString);
        for (String[] pair : expected) {
            assertTrue(events.stream().anyMatch(e -> e.contains(" peer-joined peer " + pair[1] + " in " + pair[0] + " ")),
                    "the join of " + pair[1] + " in the event stream: " + events);
        }
    }

    private static String hexOf(String id) {
        return java.util.HexFormat.of().formatHex(id.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
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
