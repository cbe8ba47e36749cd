package dev.rendezvous.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.answer;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebTorrent tracker protocol, end to end over real WebSockets against the running server. */
class TrackerProtocolIT {

    @Test
    void announceGetsTheReferenceResponseWithCounts() {
        String room = id("room");
        try (WsClient seeder = WsClient.connect(); WsClient leecher = WsClient.connect()) {
            JsonObject first = seeder.send(announce(room, id("s"), ",\"left\":0,\"event\":\"started\"")).next();
            assertEquals("announce", first.getString("action"));
            assertEquals(2, first.getInt("interval"), "the IT server runs with announce-interval=2");
            assertEquals(room, first.getString("info_hash"));
            assertEquals(1, first.getInt("complete"));
            assertEquals(0, first.getInt("incomplete"));
            assertFalse(first.containsKey("peers"));

            JsonObject second = leecher.send(announce(room, id("l"), ",\"left\":100")).next();
            assertEquals(1, second.getInt("complete"));
            assertEquals(1, second.getInt("incomplete"));
        }
    }

    @Test
    void offerAndAnswerRoundTripBetweenTwoSockets() throws Exception {
        String room = id("room");
        String alice = id("alice");
        String bob = id("bob");
        try (WsClient a = WsClient.connect(); WsClient b = WsClient.connect()) {
            b.send(announce(room, bob, "")).next();
            a.send(announce(room, alice, offers("offer-1"))).next();

            JsonObject offer = b.next();
            assertEquals("announce", offer.getString("action"));
            assertEquals(alice, offer.getString("peer_id"));
            assertEquals("offer-1", offer.getString("offer_id"));
            assertEquals("v=0 0", offer.getJsonObject("offer").getString("sdp"));

            b.send(answer(room, bob, alice, "offer-1"));
            JsonObject answer = a.next();
            assertEquals(bob, answer.getString("peer_id"));
            assertEquals("offer-1", answer.getString("offer_id"));
            assertEquals("answer", answer.getJsonObject("answer").getString("type"));
            b.expectNothing(300);
        }
    }

    @Test
    void binaryIdsOfAllByteValuesAreForwardedByteExact() {
        for (int start = 0; start < 256; start += 20) {
            char[] chars = new char[20];
            for (int i = 0; i < 20; i++) {
                chars[i] = (char) ((start + i) % 256);
            }
            String room = id("bin");
            String offerer = new String(chars);
            String offerId = new String(chars, 4, 16);
            try (WsClient a = WsClient.connect(); WsClient b = WsClient.connect()) {
                b.send(announce(room, id("b"), "")).next();
                a.send(announce(room, offerer, offers(offerId))).next();
                JsonObject offer = b.next();
                assertEquals(offerer, offer.getString("peer_id"));
                assertEquals(offerId, offer.getString("offer_id"));
            }
        }
    }

    @Test
    void binaryFramesAreReadLikeTextFrames() {
        String room = id("binframe");
        try (WsClient client = WsClient.connect()) {
            String frame = announce(room, id("p") .substring(0, 19) + "\u00e9", "");
            JsonObject response = client.sendBinary(frame.getBytes(StandardCharsets.UTF_8)).next();
            assertEquals(room, response.getString("info_hash"));
        }
    }

    @Test
    void theTrackerAlsoAnswersUpgradesAtTheRoot() {
        String room = id("root");
        try (WsClient client = WsClient.connect("/", null, true)) {
            assertEquals(room, client.send(announce(room, id("p"), "")).next().getString("info_hash"));
        }
        assertEquals(200, Server.get("/").statusCode(), "a plain GET / still serves the page");
        assertTrue(Server.get("/").body().contains("Rendezvous"));
    }

    @Test
    void offersGoToDistinctRandomPeersAndAtMostOneEach() throws Exception {
        String room = id("fan");
        List<WsClient> others = new ArrayList<>();
        try (WsClient offerer = WsClient.connect()) {
            for (int i = 0; i < 6; i++) {
                WsClient c = WsClient.connect();
                others.add(c);
                c.send(announce(room, id("o" + i), "")).next();
            }
            String me = id("me");
            offerer.send(announce(room, me, offers("x1", "x2", "x3", "x4"))).next();
            Set<String> offerIds = new HashSet<>();
            int receivers = 0;
            for (WsClient c : others) {
                String raw = c.nextRawWithin(Duration.ofMillis(400));
                if (raw != null) {
                    receivers++;
                    offerIds.add(jakarta.json.Json.createReader(new java.io.StringReader(raw)).readObject().getString("offer_id"));
                    c.expectNothing(100);
                }
            }
            assertEquals(4, receivers);
            assertEquals(Set.of("x1", "x2", "x3", "x4"), offerIds);
            offerer.expectNothing(200);
        } finally {
            others.forEach(WsClient::close);
        }
    }

    @Test
    void stoppedLeavesTheRoomAndItsOffersAreNotForwarded() throws Exception {
        String room = id("stop");
        try (WsClient a = WsClient.connect(); WsClient b = WsClient.connect()) {
            a.send(announce(room, id("a"), ",\"left\":0")).next();
            String bob = id("b");
            b.send(announce(room, bob, ",\"left\":5")).next();
            JsonObject stopped = b.send(announce(room, bob, ",\"event\":\"stopped\"" + offers("late"))).next();
            assertEquals(1, stopped.getInt("complete"));
            assertEquals(0, stopped.getInt("incomplete"));
            a.expectNothing(300);
        }
    }

    @Test
    void scrapeReportsRequestedRoomsAndZerosForUnknownOnes() {
        String room = id("scrape");
        String unknown = id("none");
        try (WsClient a = WsClient.connect(); WsClient b = WsClient.connect()) {
            String p = id("p");
            a.send(announce(room, p, ",\"left\":0")).next();
            a.send(announce(room, p, ",\"left\":0,\"event\":\"completed\"")).next();
            b.send(announce(room, id("q"), ",\"left\":9,\"event\":\"started\"")).next();
            JsonObject scrape = b.send("{\"action\":\"scrape\",\"info_hash\":[" + Frames.quote(room) + ","
                    + Frames.quote(unknown) + "]}").next();
            assertEquals("scrape", scrape.getString("action"));
            JsonObject file = scrape.getJsonObject("files").getJsonObject(room);
            assertEquals(1, file.getInt("complete"));
            assertEquals(1, file.getInt("incomplete"));
            JsonObject zero = scrape.getJsonObject("files").getJsonObject(unknown);
            assertEquals(0, zero.getInt("complete") + zero.getInt("incomplete") + zero.getInt("downloaded"));
            assertEquals(2, scrape.getJsonObject("flags").getInt("min_request_interval"));

            JsonObject single = b.send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(room) + "}").next();
            assertTrue(single.getJsonObject("files").containsKey(room));

            JsonObject all = b.send("{\"action\":\"scrape\"}").next();
            assertEquals("scrape without info_hash is disabled", all.getString("failure reason"));
            assertEquals("scrape", all.getString("action"));
        }
    }

    @Test
    void aPeerIdThatReannouncesFromANewSocketTakesOver() throws Exception {
        String room = id("takeover");
        String roaming = id("roam");
        try (WsClient offerer = WsClient.connect(); WsClient oldSocket = WsClient.connect()) {
            oldSocket.send(announce(room, roaming, "")).next();
            try (WsClient newSocket = WsClient.connect()) {
                newSocket.send(announce(room, roaming, "")).next();
                oldSocket.close();
                Thread.sleep(300); // the old socket's close must not remove the peer now owned by the new one
                offerer.send(announce(room, id("off"), offers("to-new"))).next();
                assertEquals("to-new", newSocket.next().getString("offer_id"));
            }
        }
    }

    @Test
    void closingASocketRemovesEverythingItAnnouncedAndManySocketsAnnounceConcurrently() throws Exception {
        int sockets = 40;
        String shared = id("shared");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<WsClient> clients = new ArrayList<>();
        try {
            List<Future<WsClient>> started = new ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                int n = i;
                started.add(pool.submit(() -> {
                    WsClient c = WsClient.connect();
                    for (int r = 0; r < 5; r++) {
                        c.send(announce(r == 0 ? shared : id("own" + n + "-" + r), id("p" + n), ",\"left\":" + (n % 2)));
                        assertEquals("announce", c.next().getString("action"));
                    }
                    c.send(announce(shared, id("second" + n), "")).next(); // a second peer_id on the same socket
                    return c;
                }));
            }
            for (Future<WsClient> f : started) {
                clients.add(f.get());
            }
            JsonObject scrape = clients.get(0).send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(shared) + "}").next();
            JsonObject file = scrape.getJsonObject("files").getJsonObject(shared);
            assertEquals(2 * sockets, file.getInt("complete") + file.getInt("incomplete"));
        } finally {
            clients.forEach(WsClient::close);
            pool.shutdown();
        }
        try (WsClient probe = WsClient.connect()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            JsonObject file;
            do {
                Thread.sleep(100);
                file = probe.send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(shared) + "}").next()
                        .getJsonObject("files").getJsonObject(shared);
            } while (file.getInt("complete") + file.getInt("incomplete") > 0 && System.nanoTime() < deadline);
            assertEquals(0, file.getInt("complete") + file.getInt("incomplete"), "every peer_id of every closed socket left");
        }
    }

    @Test
    void peersThatStopAnnouncingAreSweptAndTheirRoomDeleted() throws Exception {
        String room = id("sweep");
        String busyRoom = id("busy");
        String peer = id("quiet");
        try (WsClient client = WsClient.connect(); WsClient watcher = WsClient.connect()) {
            client.send(announce(room, peer, "")).next();
            // peer-timeout is 4 s on the IT server. The socket stays open and busy in another room (each announce
            // within the 6 s idle timeout), while the peer it left quiet in the first room is swept.
            for (int i = 0; i < 6; i++) {
                Thread.sleep(1_000);
                client.send(announce(busyRoom, peer, "")).next();
                watcher.send(announce(id("watch"), id("watcher"), "")).next();
            }
            assertTrue(client.isOpen(), "a socket that keeps announcing stays open");
            JsonObject file = watcher.send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(room) + "}").next()
                    .getJsonObject("files").getJsonObject(room);
            assertEquals(0, file.getInt("incomplete"));
        }
    }
}
