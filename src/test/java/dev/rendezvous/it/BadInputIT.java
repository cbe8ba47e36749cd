package dev.rendezvous.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.answer;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bad input the tracker must survive: the documented error frame (or silence where the protocol says
 * so), the socket still usable, the counter moved, and a valid announce right after still served.
 */
class BadInputIT {
    private static final String H = "h".repeat(20);
    private static final String P = "p".repeat(20);

    static Stream<Arguments> recoverableFrames() {
        String hash19 = "h".repeat(19);
        String peer = "{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":";
        String base = peer + "\"" + P + "\"";
        return Stream.of(
                Arguments.of("invalid JSON", "{\"action\":", "invalid JSON", "invalid_json"),
                Arguments.of("null", "null", "message must be a JSON object", "not_an_object"),
                Arguments.of("number", "12", "message must be a JSON object", "not_an_object"),
                Arguments.of("array", "[{\"action\":\"announce\"}]", "message must be a JSON object", "not_an_object"),
                Arguments.of("missing action", "{\"info_hash\":\"" + H + "\"}", "invalid action", "invalid_action"),
                Arguments.of("unknown action", "{\"action\":\"subscribe\"}", "invalid action", "invalid_action"),
                Arguments.of("info_hash 19", "{\"action\":\"announce\",\"info_hash\":\"" + hash19 + "\",\"peer_id\":\"" + P + "\"}",
                        "invalid info_hash", "invalid_info_hash"),
                Arguments.of("info_hash 21", "{\"action\":\"announce\",\"info_hash\":\"" + H + "x\",\"peer_id\":\"" + P + "\"}",
                        "invalid info_hash", "invalid_info_hash"),
                Arguments.of("info_hash above U+00FF", "{\"action\":\"announce\",\"info_hash\":\"" + hash19 + "\u0101\",\"peer_id\":\"" + P + "\"}",
                        "invalid info_hash", "invalid_info_hash"),
                Arguments.of("info_hash not a string", "{\"action\":\"announce\",\"info_hash\":{},\"peer_id\":\"" + P + "\"}",
                        "invalid info_hash", "invalid_info_hash"),
                Arguments.of("peer_id 19", peer + "\"" + "p".repeat(19) + "\"}", "invalid peer_id", "invalid_peer_id"),
                Arguments.of("peer_id 21", peer + "\"" + "p".repeat(21) + "\"}", "invalid peer_id", "invalid_peer_id"),
                Arguments.of("peer_id above U+00FF", peer + "\"" + "p".repeat(19) + "\u6f22\"}", "invalid peer_id", "invalid_peer_id"),
                Arguments.of("peer_id not a string", peer + "true}", "invalid peer_id", "invalid_peer_id"),
                Arguments.of("left negative", base + ",\"left\":-5}", "invalid left", "invalid_left"),
                Arguments.of("left string", base + ",\"left\":\"5\"}", "invalid left", "invalid_left"),
                Arguments.of("left huge", base + ",\"left\":1e999}", "invalid left", "invalid_left"),
                Arguments.of("unknown event", base + ",\"event\":\"finished\"}", "invalid event", "invalid_event"),
                Arguments.of("offers string", base + ",\"offers\":\"v=0\"}", "invalid offers", "invalid_offers"),
                Arguments.of("offers entry null", base + ",\"offers\":[null]}", "invalid offers", "invalid_offers"),
                Arguments.of("offers entry empty", base + ",\"offers\":[{}]}", "invalid offers", "invalid_offers"),
                Arguments.of("offers entry without offer_id", base + ",\"offers\":[{\"offer\":{\"type\":\"offer\"}}]}",
                        "invalid offers", "invalid_offers"),
                Arguments.of("answer without to_peer_id", base + ",\"offer_id\":\"o\",\"answer\":{\"type\":\"answer\"}}",
                        "invalid to_peer_id", "invalid_to_peer_id"),
                Arguments.of("scrape with a bad hash in an array", "{\"action\":\"scrape\",\"info_hash\":[\"" + H + "\",\"bad\"]}",
                        "invalid info_hash", "invalid_info_hash"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recoverableFrames")
    void recoverableBadInputGetsItsErrorFrameAndTheSocketStaysUsable(String name, String frame, String reason, String tag) {
        double before = Server.metric("rendezvous_tracker_error_frames_total", "reason=\"" + tag + "\"");
        try (WsClient client = WsClient.connect()) {
            JsonObject error = client.send(frame).next();
            assertEquals(reason, error.getString("failure reason"));
            if (frame.contains("\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P)) {
                assertEquals("announce", error.getString("action"), "recoverable errors name the action");
                assertEquals(H, error.getString("info_hash"));
            }
            assertValidAnnounceStillWorks(client);
        }
        assertTrue(Server.metric("rendezvous_tracker_error_frames_total", "reason=\"" + tag + "\"") > before);
    }

    @Test
    void nullOffersAreIgnoredAndAThousandOffersAreCappedWithoutHarm() {
        String room = id("thousand");
        try (WsClient listener = WsClient.connect(); WsClient client = WsClient.connect()) {
            listener.send(announce(room, id("l"), "")).next();
            String peer = id("k");
            assertEquals("announce", client.send(announce(room, peer, ",\"offers\":null")).next().getString("action"));

            String[] ids = new String[1000];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "o" + i;
            }
            assertEquals("announce", client.send(announce(room, peer, offers(ids))).next().getString("action"));
            assertEquals("announce", listener.next().getString("action"), "the one other peer gets one offer");
            assertValidAnnounceStillWorks(client);
        }
    }

    @Test
    void answersToUnknownSelfOrOtherRoomPeersAreDroppedAndCounted() throws Exception {
        String room = id("ans");
        String otherRoom = id("other");
        String alice = id("alice");
        String bob = id("bob");
        String carol = id("carol");
        double before = Server.metric("rendezvous_tracker_answers_unrouted_total");
        try (WsClient a = WsClient.connect(); WsClient b = WsClient.connect(); WsClient c = WsClient.connect()) {
            a.send(announce(room, alice, "")).next();
            c.send(announce(otherRoom, carol, "")).next();
            b.send(answer(room, bob, id("nobody"), "o1"));
            b.send(answer(room, bob, bob, "o2"));
            b.send(answer(room, bob, carol, "o3"));
            b.expectNothing(300);
            a.expectNothing(10);
            c.expectNothing(10);
            assertValidAnnounceStillWorks(b);
        }
        assertEquals(before + 3, Server.metric("rendezvous_tracker_answers_unrouted_total"));
    }

    @Test
    void binaryFrameWithInvalidUtf8GetsAnErrorAndTheSocketStaysUsable() {
        try (WsClient client = WsClient.connect()) {
            JsonObject error = client.sendBinary(new byte[]{'{', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}).next();
            assertEquals("invalid UTF-8", error.getString("failure reason"));
            assertValidAnnounceStillWorks(client);
        }
    }

    @Test
    void framesOverTheSizeLimitCloseTheSocketWith1009AndOthersAreUnaffected() throws Exception {
        double before = Server.metric("rendezvous_tracker_frames_too_large_total");
        try (WsClient bystander = WsClient.connect(); WsClient client = WsClient.connect()) {
            bystander.send(announce(id("by"), id("by"), "")).next();
            String huge = announce(H, P, ",\"pad\":\"" + "x".repeat(70_000) + "\"");
            client.send(huge);
            assertEquals(1009, client.awaitClose(Duration.ofSeconds(5)));
            assertValidAnnounceStillWorks(bystander);
        }
        assertTrue(Server.metric("rendezvous_tracker_frames_too_large_total") > before);
        try (WsClient fresh = WsClient.connect()) {
            String justUnder = announce(id("big"), id("big"), ",\"pad\":\"" + "x".repeat(60_000) + "\"");
            assertEquals("announce", fresh.send(justUnder).next().getString("action"));
        }
    }

    @Test
    void fragmentedMessagesAreLimitedAsAWholeNotPerFrame() throws Exception {
        try (WsClient client = WsClient.connect()) {
            String whole = announce(id("frag"), id("frag"), ",\"pad\":\"" + "x".repeat(30_000) + "\"");
            int third = whole.length() / 3;
            client.sendFragment(whole.substring(0, third), false)
                    .sendFragment(whole.substring(third, 2 * third), false)
                    .sendFragment(whole.substring(2 * third), true);
            assertEquals("announce", client.next().getString("action"), "a fragmented message under the limit is served");
        }
        double before = Server.metric("rendezvous_tracker_frames_too_large_total");
        try (WsClient client = WsClient.connect()) {
            String chunk = "x".repeat(16_000);
            client.sendFragment("{\"action\":\"announce\",\"pad\":\"", false);
            for (int i = 0; i < 4 && client.isOpen(); i++) { // 64,000+ bytes, each frame well under the limit
                client.sendFragment(chunk, false);
            }
            try {
                client.sendFragment(chunk + "\"}", true);
            } catch (CompletionException closedAlready) {
                // the server may close before the last fragment
            }
            assertEquals(1009, client.awaitClose(Duration.ofSeconds(5)));
        }
        assertTrue(Server.metric("rendezvous_tracker_frames_too_large_total") > before);
    }

    /**
     * The JDK's client sends a long message as 16 KB frames, back to back. The close for the one over the limit must
     * reach every such client: before the close was written on the reading thread, Liberty dropped 1 to 3.5 % of these
     * connections without it (the client saw 1006), and one in 500 got no close at all within 5 s.
     */
    @Test
    void everyClientWhoseFragmentedMessageIsTooBigIsToldWith1009() throws Exception {
        String big = announce(id("frag"), id("frag"), ",\"pad\":\"" + "x".repeat(100_000) + "\"");
        double before = Server.metric("rendezvous_tracker_frames_too_large_total");
        List<String> notTold = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try (WsClient client = WsClient.connect()) {
                int code = client.send(big).awaitClose(Duration.ofSeconds(5));
                if (code != 1009) {
                    notTold.add("socket " + i + ": " + code + " " + client.closeReason());
                }
            }
        }
        assertEquals(List.of(), notTold);
        assertEquals(before + 200, Server.metric("rendezvous_tracker_frames_too_large_total"));
        try (WsClient after = WsClient.connect()) {
            assertValidAnnounceStillWorks(after);
        }
    }

    @Test
    void aSocketThatNeverAnnouncesIsClosedAfterTheIdleTimeout() throws Exception {
        double before = Server.metric("rendezvous_tracker_sockets_idle_closed_total");
        try (WsClient silent = WsClient.connect()) {
            // idle-timeout is 6 s on the IT server.
            assertEquals(1001, silent.awaitClose(Duration.ofSeconds(10)));
        }
        assertTrue(Server.metric("rendezvous_tracker_sockets_idle_closed_total") > before);
    }

    @Test
    void aSlowReaderIsClosedWithoutHoldingUpItsSender() throws Exception {
        String room = id("slow");
        double before = Server.metric("rendezvous_tracker_sockets_slow_closed_total");
        try (WsClient slow = WsClient.connect("/announce", null, false); WsClient sender = WsClient.connect()) {
            slow.readMore(1);
            slow.send(announce(room, id("slow"), ""));
            assertEquals("announce", slow.next().getString("action"));
            // The slow client now reads nothing. Each announce forwards one ~60 KB offer to it: its TCP buffers
            // fill, then its bounded queue (64 frames on the IT server), and the server closes it.
            String pad = "x".repeat(60_000);
            String senderId = id("fast");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int sent = 0;
            while (Server.metric("rendezvous_tracker_sockets_slow_closed_total") == before && System.nanoTime() < deadline) {
                for (int i = 0; i < 50; i++, sent++) {
                    String frame = announce(room, senderId, ",\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"" + pad
                            + "\"},\"offer_id\":\"o" + sent + "\"}]");
                    assertEquals("announce", sender.send(frame).next().getString("action"),
                            "the sender is never held up");
                }
            }
            assertTrue(Server.metric("rendezvous_tracker_sockets_slow_closed_total") > before,
                    "slow reader not closed after " + sent + " offers");
            slow.readMore(Long.MAX_VALUE);
            assertValidAnnounceStillWorks(sender);
        }
    }

    @Test
    void aClientThatNeverReadsItsOwnResponsesIsClosedWithinSeconds() throws Exception {
        double before = Server.metric("rendezvous_tracker_sockets_slow_closed_total");
        try (NonReadingClient flood = new NonReadingClient(Server.HTTP_PORT, id("flood"), id("flood"), true)) {
            awaitMetric("rendezvous_tracker_sockets_slow_closed_total", v -> v > before, Duration.ofSeconds(30),
                    "a client that never read " + flood.written.get() + " responses was not given up on");
        }
        try (WsClient other = WsClient.connect()) {
            assertValidAnnounceStillWorks(other);
        }
    }

    /** Many clients that stop reading at once: each is closed on its own, and the tracker keeps serving the rest. */
    @Test
    void manyClientsThatNeverReadAreAllClosedAndTheTrackerKeepsServing() throws Exception {
        int clients = 40;
        double before = Server.metric("rendezvous_tracker_sockets_slow_closed_total");
        List<NonReadingClient> flood = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                flood.add(new NonReadingClient(Server.HTTP_PORT, id("flood"), id("flood"), true));
            }
            awaitMetric("rendezvous_tracker_sockets_slow_closed_total", v -> v >= before + clients, Duration.ofSeconds(45),
                    "not every non-reading client was closed");
        } finally {
            for (NonReadingClient client : flood) {
                client.close();
            }
        }
        try (WsClient other = WsClient.connect()) {
            assertValidAnnounceStillWorks(other);
        }
    }

    private static void awaitMetric(String name, DoublePredicate done, Duration limit, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.test(Server.metric(name)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(done.test(Server.metric(name)), failure + " (" + name + " = " + Server.metric(name) + ")");
    }

    @Test
    void noInputLeavesAStackTraceInTheServerLog() throws Exception {
        try (WsClient client = WsClient.connect()) {
            client.send("{\"action\":\"announce\",\"offers\":[null]}").next();
            client.send("[".repeat(10_000)).next();
            client.sendBinary(new byte[]{(byte) 0xc0, (byte) 0x80}).next();
            assertValidAnnounceStillWorks(client);
        }
        String log = Server.messagesLog();
        assertFalse(log.contains("\tat dev.rendezvous"), "stack trace of ours in messages.log");
        // line by line: an exception line of Liberty's own (its OpenAPI cache writer's) must not pair with a later line of ours
        assertFalse(log.lines().anyMatch(line -> line.matches(".*Exception.*dev\\.rendezvous.*")),
                "exception naming our code in messages.log");
    }

    private static void assertValidAnnounceStillWorks(WsClient client) {
        String room = id("after");
        JsonObject ok = client.send(announce(room, id("ok"), ",\"left\":0")).next();
        assertEquals("announce", ok.getString("action"));
        assertEquals(room, ok.getString("info_hash"));
        assertEquals(1, ok.getInt("complete"));
    }
}
