package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.answer;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same raw frames go to the reference server (npm bittorrent-tracker, run from src/test/node) and to
 * Rendezvous; the parsed replies must be equal, apart from the intended differences each test names.
 * Configured values differ by design ({@code interval}: the reference's 120 s vs the IT server's 2 s) and
 * are left out of the comparison.
 */
class SideBySideIT {
    private static final Set<String> CONFIGURED = Set.of("interval", "min_request_interval");
    private static Process reference;
    private static String referenceUrl;

    @BeforeAll
    static void startReference() throws Exception {
        int port = FreePorts.next();
        reference = NodeProcess.start("node_modules/bittorrent-tracker/bin/cmd.js", "--ws", "--quiet",
                "--port", String.valueOf(port), "--http-hostname", "127.0.0.1");
        NodeProcess.awaitPort(port, Duration.ofSeconds(20));
        referenceUrl = "ws://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopReference() throws Exception {
        if (reference != null) {
            reference.destroy();
            reference.waitFor(5, TimeUnit.SECONDS);
            reference.destroyForcibly();
        }
    }

    /** One socket to each server; every frame goes to both. */
    private static final class Pair implements AutoCloseable {
        final WsClient ours = WsClient.connect();
        final WsClient theirs = WsClient.open(referenceUrl);

        Pair send(String frame) {
            ours.send(frame);
            theirs.send(frame);
            return this;
        }

        /** The next reply from each, asserted equal except for the configured fields; returns ours. */
        JsonObject sameReply() {
            JsonObject mine = ours.next();
            JsonObject ref = theirs.next();
            assertEquals(comparable(ref), comparable(mine), "reference vs Rendezvous");
            return mine;
        }

        void bothSilent(long millis) throws InterruptedException {
            assertEquals(null, ours.poll(millis), "Rendezvous sent a frame");
            assertEquals(null, theirs.poll(10), "the reference sent a frame");
        }

        @Override
        public void close() {
            ours.close();
            theirs.close();
        }
    }

    private static JsonObject comparable(JsonObject reply) {
        JsonObjectBuilder out = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : reply.entrySet()) {
            if (CONFIGURED.contains(e.getKey())) {
                continue;
            }
            out.add(e.getKey(), e.getValue() instanceof JsonObject o ? comparable(o) : e.getValue());
        }
        return out.build();
    }

    @Test
    void announcesWithCountsAreTheSame() {
        String room = id("sbs");
        try (Pair seeder = new Pair(); Pair leecher = new Pair()) {
            seeder.send(announce(room, id("s"), ",\"left\":0,\"event\":\"started\",\"numwant\":5")).sameReply();
            leecher.send(announce(room, id("l"), ",\"left\":123,\"uploaded\":0,\"downloaded\":0")).sameReply();
            seeder.send(announce(room, id("s"), ",\"event\":\"update\",\"key\":\"k\",\"offers\":[]")).sameReply();
            leecher.send(announce(room, id("l"), ",\"left\":100,\"event\":\"empty\"")).sameReply();
        }
    }

    @Test
    void forwardedOffersAndAnswersAreTheSame() throws Exception {
        String room = id("sbs");
        String alice = id("alice");
        String bob = id("bob");
        try (Pair a = new Pair(); Pair b = new Pair()) {
            b.send(announce(room, bob, "")).sameReply();
            a.send(announce(room, alice, offers("\u0000\u00ffoffer-id-1234"))).sameReply();
            JsonObject offer = b.sameReply();
            assertEquals(alice, offer.getString("peer_id"));
            b.send(answer(room, bob, alice, "\u0000\u00ffoffer-id-1234"));
            JsonObject forwarded = a.sameReply();
            assertEquals(bob, forwarded.getString("peer_id"));
            b.bothSilent(300);
        }
    }

    @Test
    void stoppedAndScrapeOfKnownAndUnknownRoomsAreTheSameExceptDownloaded() {
        String room = id("sbs");
        String unknown = id("none");
        try (Pair a = new Pair(); Pair b = new Pair()) {
            a.send(announce(room, id("a"), ",\"left\":5")).sameReply();
            String leaver = id("b");
            b.send(announce(room, leaver, ",\"left\":5")).sameReply();
            b.send(announce(room, leaver, ",\"event\":\"stopped\"")).sameReply();
            b.send("{\"action\":\"scrape\",\"info_hash\":[" + Frames.quote(room) + "," + Frames.quote(unknown) + "]}").sameReply();

            // Intended difference: "downloaded" counts completions (BEP 48). The reference reports its current
            // seeders there, so a peer that joins as a seeder reads as a download.
            String seeder = id("seed");
            a.send(announce(room, seeder, ",\"left\":0"));
            a.ours.next();
            a.theirs.next();
            b.send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(room) + "}");
            JsonObject ours = b.ours.next();
            JsonObject theirs = b.theirs.next();
            assertEquals(0, ours.getJsonObject("files").getJsonObject(room).getInt("downloaded"));
            assertEquals(1, theirs.getJsonObject("files").getJsonObject(room).getInt("downloaded"));
        }
    }

    @Test
    void invalidEventIsTheSameError() {
        try (Pair p = new Pair()) {
            JsonObject error = p.send(announce(id("sbs"), id("p"), ",\"event\":\"bogus\"")).sameReply();
            assertEquals("invalid event", error.getString("failure reason"));
        }
    }

    @Test
    void intendedDifferencesInErrorFrames() {
        try (Pair p = new Pair()) {
            // A short info_hash: the reference's error has no "action", which its own client treats as fatal
            // (it drops the socket and reconnects); ours names the action so the client keeps the socket.
            p.send(announce("short", id("p"), ""));
            JsonObject ours = p.ours.next();
            JsonObject theirs = p.theirs.next();
            assertEquals("invalid info_hash", theirs.getString("failure reason"));
            assertFalse(theirs.containsKey("action"));
            assertEquals("invalid info_hash", ours.getString("failure reason"));
            assertEquals("announce", ours.getString("action"));

            // An unknown action: the reference echoes the client's text into its message; ours is fixed text.
            p.send("{\"action\":\"nope\"}");
            assertEquals("invalid action", p.ours.next().getString("failure reason"));
            assertEquals("invalid action in WS request: nope", p.theirs.next().getString("failure reason"));

            // Bad JSON: the reference returns its JavaScript parser's message; ours is fixed text.
            p.send("{bad json");
            assertEquals("invalid JSON", p.ours.next().getString("failure reason"));
            assertTrue(p.theirs.next().getString("failure reason").contains("JSON"));

            // A peer_id above U+00FF: the reference keeps the low byte of each char; ours refuses it.
            p.send(announce(id("sbs"), "p".repeat(19) + "\u0101", ""));
            assertEquals("invalid peer_id", p.ours.next().getString("failure reason"));
            assertEquals("announce", p.theirs.next().getString("action"));
        }
    }

    @Test
    void intendedDifferenceLeftNullIsNotASeeder() {
        String room = id("sbs");
        try (Pair p = new Pair()) {
            // "left": null (a magnet link before metadata) is unknown, not zero. The reference converts it with
            // JavaScript's Number(null), which is 0, and counts the peer as a seeder.
            p.send(announce(room, id("p"), ",\"left\":null"));
            JsonObject ours = p.ours.next();
            JsonObject theirs = p.theirs.next();
            assertEquals(0, ours.getInt("complete"));
            assertEquals(1, ours.getInt("incomplete"));
            assertEquals(1, theirs.getInt("complete"));
            assertEquals(0, theirs.getInt("incomplete"));
        }
    }

    @Test
    void intendedDifferenceScrapeOfAllRoomsIsOffByDefault() {
        try (Pair p = new Pair()) {
            p.send(announce(id("sbs"), id("p"), "")).sameReply();
            p.send("{\"action\":\"scrape\"}");
            assertEquals("scrape without info_hash is disabled", p.ours.next().getString("failure reason"));
            assertTrue(p.theirs.next().getJsonObject("files").size() >= 1, "the reference lists every room");
        }
    }

    @Test
    void intendedDifferenceOffersSentWithStoppedAreNotForwarded() throws Exception {
        String room = id("sbs");
        try (Pair a = new Pair(); Pair b = new Pair()) {
            a.send(announce(room, id("a"), "")).sameReply();
            String leaver = id("b");
            b.send(announce(room, leaver, "")).sameReply();
            b.send(announce(room, leaver, ",\"event\":\"stopped\"" + offers("late"))).sameReply();
            assertEquals(null, a.ours.poll(300), "Rendezvous forwards no offer from a leaving peer");
            assertEquals("late", a.theirs.next().getString("offer_id"), "the reference does");
        }
    }

    @Test
    void intendedDifferenceClosingASocketRemovesAllItsPeerIds() throws Exception {
        String room = id("sbs");
        try (Pair watcher = new Pair()) {
            watcher.send(announce(room, id("w"), "")).sameReply();
            try (Pair twoIds = new Pair()) {
                twoIds.send(announce(room, id("one"), "")).sameReply();
                twoIds.send(announce(room, id("two"), "")).sameReply();
            }
            Thread.sleep(500);
            watcher.send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(room) + "}");
            assertEquals(1, watcher.ours.next().getJsonObject("files").getJsonObject(room).getInt("incomplete"),
                    "only the watcher is left");
            assertEquals(2, watcher.theirs.next().getJsonObject("files").getJsonObject(room).getInt("incomplete"),
                    "the reference leaks the socket's second peer_id");
        }
    }

    @Test
    void intendedDifferenceMinRequestIntervalIsTheAnnounceInterval() {
        try (Pair p = new Pair()) {
            p.send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(id("sbs")) + "}");
            assertEquals(2, p.ours.next().getJsonObject("flags").getInt("min_request_interval"));
            assertEquals(600, p.theirs.next().getJsonObject("flags").getInt("min_request_interval"));
        }
    }

    @Test
    void intendedDifferenceMessagesOverTheLimitAreRefused() throws Exception {
        String big = announce(id("sbs"), id("p"), ",\"pad\":\"" + "x".repeat(100_000) + "\"");
        try (WsClient theirs = WsClient.open(referenceUrl); WsClient ours = WsClient.connect()) {
            theirs.send(big);
            assertEquals("announce", theirs.next().getString("action"), "the reference accepts it");
            ours.send(big);
            assertEquals(1009, ours.awaitClose(Duration.ofSeconds(5)));
        }
    }

    @Test
    void intendedDifferenceNullOfferKillsTheReferenceButNotRendezvous() throws Exception {
        int port = FreePorts.next();
        Process doomed = NodeProcess.start("node_modules/bittorrent-tracker/bin/cmd.js", "--ws", "--quiet",
                "--port", String.valueOf(port), "--http-hostname", "127.0.0.1");
        try {
            NodeProcess.awaitPort(port, Duration.ofSeconds(20));
            String room = id("sbs");
            String frame = announce(room, id("n"), ",\"offers\":[null]");
            try (WsClient other = WsClient.open("ws://127.0.0.1:" + port); WsClient sender = WsClient.open("ws://127.0.0.1:" + port)) {
                other.send(announce(room, id("o"), ""));
                other.next();
                sender.send(frame);
                assertTrue(doomed.waitFor(10, TimeUnit.SECONDS), "the reference server process exited");
            }
            try (WsClient other = WsClient.connect(); WsClient sender = WsClient.connect()) {
                other.send(announce(room, id("o"), "")).next();
                assertEquals("invalid offers", sender.send(frame).next().getString("failure reason"));
                assertEquals("announce", sender.send(announce(room, id("n"), "")).next().getString("action"));
            }
        } finally {
            doomed.destroyForcibly();
        }
    }
}
