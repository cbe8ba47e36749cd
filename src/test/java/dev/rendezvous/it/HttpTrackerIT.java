package dev.rendezvous.it;

import dev.rendezvous.tracker.http.BencodeDecoder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP tracker (BEP 3, 23, 7, 48) on the shared server, through raw requests whose bencoded answers an independent
 * strict decoder reads, and through the npm reference client: compact and dictionary peers, IPv6 peers behind a
 * trusted proxy, the {@code ip} parameter ignored, scrapes of one and many swarms, a swarm shared with WebSocket peers,
 * numwant bounds, and every bad input refused with HTTP 200, a bencoded reason and a counted metric.
 */
class HttpTrackerIT {
    /** The IT server's announce interval ({@link SharedServer}). */
    private static final long INTERVAL = 2;
    /** 127.0.0.2 is a trusted proxy on the IT server: its X-Forwarded-For names the client. */
    private static final String PROXY = "127.0.0.2";

    /** A fresh 20-byte id that is not text: two bytes no charset round-trips, then a unique tail. */
    private static String binaryId(String tag) {
        return "\u00ff\u0000" + id(tag).substring(2);
    }

    /** Every byte escaped as %XX, as libtorrent sends binary parameters. */
    static String escape(String binary) {
        StringBuilder out = new StringBuilder();
        for (byte b : binary.getBytes(StandardCharsets.ISO_8859_1)) {
            out.append(String.format("%%%02X", b & 0xFF));
        }
        return out.toString();
    }

    private static String announceQuery(String infoHash, String peerId, int port, String extra) {
        return "/announce?info_hash=" + escape(infoHash) + "&peer_id=" + escape(peerId) + "&port=" + port
                + "&uploaded=0&downloaded=0" + extra;
    }

    /** An announce's decoded body, after checking what every answer of the HTTP tracker must be. */
    static Map<String, Object> body(RawHttp.Response response) {
        assertEquals(200, response.status(), response.text());
        assertTrue(response.header("Content-Type").startsWith("text/plain"), response.headers().toString());
        return BencodeDecoder.dictionary(response.body());
    }

    private static Map<String, Object> announce(String infoHash, String peerId, int port, String extra) {
        Map<String, Object> body = body(RawHttp.get(announceQuery(infoHash, peerId, port, extra)));
        assertNull(body.get("failure reason"), body.toString());
        return body;
    }

    private static Map<?, ?> scrapeFiles(String... infoHashes) {
        StringBuilder query = new StringBuilder("/scrape?");
        for (String hash : infoHashes) {
            query.append("info_hash=").append(escape(hash)).append('&');
        }
        Map<String, Object> body = body(RawHttp.get(query.toString()));
        assertNull(body.get("failure reason"), body.toString());
        return (Map<?, ?>) body.get("files");
    }

    /** Compact peers as "address:port". */
    private static Set<String> compact(Object peers, int addressLength) {
        byte[] bytes = BencodeDecoder.bytes(peers);
        assertEquals(0, bytes.length % (addressLength + 2), "whole entries only");
        Set<String> out = new HashSet<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            byte[] address = new byte[addressLength];
            buffer.get(address);
            try {
                out.add(java.net.InetAddress.getByAddress(address).getHostAddress() + ":" + (buffer.getShort() & 0xFFFF));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /**
     * For the other servers' smoke tests: on the server at {@code port}, two HTTP announces in one swarm are given each
     * other and counted, and a scrape counts them.
     */
    static void twoHttpPeersMeet(int port) {
        String swarm = binaryId("smoke");
        String query = "&left=0&event=started";
        Map<String, Object> first = body(RawHttp.get("127.0.0.1", port, announceQuery(swarm, binaryId("smoke1"), 6001, query)));
        assertEquals(1L, first.get("complete"), first.toString());
        Map<String, Object> second = body(RawHttp.get("127.0.0.1", port, announceQuery(swarm, binaryId("smoke2"), 6002, query)));
        assertEquals(2L, second.get("complete"), second.toString());
        assertEquals(Set.of("127.0.0.1:6001"), compact(second.get("peers"), 4));
        Map<?, ?> files = (Map<?, ?>) body(RawHttp.get("127.0.0.1", port, "/scrape?info_hash=" + escape(swarm))).get("files");
        assertEquals(Map.of("complete", 2L, "downloaded", 0L, "incomplete", 0L), files.get(swarm));
        Map<String, Object> refused = body(RawHttp.get("127.0.0.1", port, "/announce?info_hash=short"));
        assertEquals(Map.of("failure reason", "invalid info_hash"), refused);
    }

    @Test
    void anAnnounceGetsTheCountsAndTheOtherPeersAsSixBytesEach() {
        String swarm = binaryId("swarm");
        Map<String, Object> first = announce(swarm, binaryId("seed"), 7001, "&left=0&event=started");
        assertEquals(1L, first.get("complete"));
        assertEquals(0L, first.get("incomplete"));
        assertEquals(INTERVAL, first.get("interval"));
        assertEquals(INTERVAL, first.get("min interval"));
        assertEquals(Set.of(), compact(first.get("peers"), 4), "the announcer is never its own peer");
        assertEquals(Set.of(), compact(first.get("peers6"), 16));

        Map<String, Object> second = announce(swarm, binaryId("leech"), 7002, "&left=100&event=started&compact=1");
        assertEquals(List.of("complete", "incomplete", "interval", "min interval", "peers", "peers6"), List.copyOf(second.keySet()));
        assertEquals(1L, second.get("complete"));
        assertEquals(1L, second.get("incomplete"));
        assertEquals(Set.of("127.0.0.1:7001"), compact(second.get("peers"), 4));

        Map<String, Object> again = announce(swarm, binaryId("other"), 7003, "");
        assertEquals(Set.of("127.0.0.1:7001", "127.0.0.1:7002"), compact(again.get("peers"), 4));
        assertEquals(2L, again.get("incomplete"), "no left is counted a leecher");
    }

    @Test
    void compactZeroGivesTheDictionaryModelAndNoPeerIdLeavesTheIdOut() {
        String swarm = binaryId("dict");
        String seeder = binaryId("dseed");
        announce(swarm, seeder, 7101, "&left=0");
        Map<String, Object> body = announce(swarm, binaryId("dleech"), 7102, "&compact=0");
        assertEquals(List.of(Map.of("ip", "127.0.0.1", "peer id", seeder, "port", 7101L)), body.get("peers"));
        assertFalse(body.containsKey("peers6"), "the dictionary model lists both families in peers");
        Map<String, Object> without = announce(swarm, binaryId("dleech"), 7103, "&compact=0&no_peer_id=1");
        for (Object peer : (List<?>) without.get("peers")) {
            assertFalse(((Map<?, ?>) peer).containsKey("peer id"), peer.toString());
        }
    }

    @Test
    void theIpParameterIsIgnoredTheSocketsAddressIsWhatPeersAreGiven() {
        String swarm = binaryId("reflect");
        announce(swarm, binaryId("liar"), 7201, "&ip=203.0.113.9&ipv4=203.0.113.9&ipv6=2001:db8::9");
        Map<String, Object> body = announce(swarm, binaryId("victim"), 7202, "");
        assertEquals(Set.of("127.0.0.1:7201"), compact(body.get("peers"), 4), "a claimed address would make a reflector");
        assertEquals(Set.of(), compact(body.get("peers6"), 16));
    }

    @Test
    void anIpv6ClientBehindATrustedProxyIsInPeers6WithEighteenBytes() {
        String swarm = binaryId("six");
        RawHttp.Response viaProxy = RawHttp.getFrom(PROXY, announceQuery(swarm, binaryId("v6"), 7301, "&left=0"),
                "X-Forwarded-For: 2001:db8::5");
        assertNull(body(viaProxy).get("failure reason"), viaProxy.text());
        Map<String, Object> v4 = announce(swarm, binaryId("v4"), 7302, "");
        assertEquals(18, BencodeDecoder.bytes(v4.get("peers6")).length);
        assertEquals(Set.of("2001:db8:0:0:0:0:0:5:7301"), compact(v4.get("peers6"), 16));
        assertEquals(Set.of(), compact(v4.get("peers"), 4));

        Map<String, Object> back = body(RawHttp.getFrom(PROXY, announceQuery(swarm, binaryId("v6"), 7301, "&left=0"),
                "X-Forwarded-For: 2001:db8::5"));
        assertEquals(Set.of("127.0.0.1:7302"), compact(back.get("peers"), 4), "the IPv6 peer is given IPv4 peers too");

        Map<String, Object> dictionary = announce(swarm, binaryId("v4d"), 7303, "&compact=0&no_peer_id=1");
        assertTrue(((List<?>) dictionary.get("peers")).contains(Map.of("ip", "2001:db8:0:0:0:0:0:5", "port", 7301L)),
                dictionary.toString());
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreIgnored() {
        String swarm = binaryId("spoof");
        body(RawHttp.get(announceQuery(swarm, binaryId("spoofer"), 7401, ""), "X-Forwarded-For: 198.51.100.1"));
        Map<String, Object> body = announce(swarm, binaryId("honest"), 7402, "");
        assertEquals(Set.of("127.0.0.1:7401"), compact(body.get("peers"), 4));
    }

    @Test
    void stoppedLeavesTheSwarmAndCompletedMakesASeeder() {
        String swarm = binaryId("stop");
        String peer = binaryId("stopper");
        announce(swarm, peer, 7501, "&left=10&event=started");
        Map<?, ?> before = (Map<?, ?>) scrapeFiles(swarm).get(swarm);
        assertEquals(Map.of("complete", 0L, "downloaded", 0L, "incomplete", 1L), before);

        Map<String, Object> done = announce(swarm, peer, 7501, "&left=0&event=completed");
        assertEquals(1L, done.get("complete"));
        assertEquals(0L, done.get("incomplete"));
        assertEquals(1L, ((Map<?, ?>) scrapeFiles(swarm).get(swarm)).get("downloaded"));

        Map<String, Object> stopped = announce(swarm, peer, 7501, "&left=0&event=stopped");
        assertEquals(0L, stopped.get("complete"), "the counts after leaving");
        Map<?, ?> after = (Map<?, ?>) scrapeFiles(swarm).get(swarm);
        assertEquals(0L, after.get("complete"));
        assertEquals(0L, after.get("incomplete"));
    }

    @Test
    void oneScrapeAnswersManySwarmsSortedByTheirBytesUnknownOnesWithZeros() {
        String a = "\u0001" + id("sa").substring(1);
        String b = "\u00fe" + id("sb").substring(1);
        String unknown = binaryId("nobody");
        announce(a, binaryId("pa"), 7601, "&left=0");
        announce(b, binaryId("pb"), 7602, "&left=5");
        announce(b, binaryId("pc"), 7603, "&left=5");
        Map<?, ?> files = scrapeFiles(b, unknown, a, b);
        assertEquals(List.of(a, b, unknown), List.copyOf(files.keySet()), "sorted as bencode requires, each once");
        assertEquals(Map.of("complete", 1L, "downloaded", 0L, "incomplete", 0L), files.get(a));
        assertEquals(Map.of("complete", 0L, "downloaded", 0L, "incomplete", 2L), files.get(b));
        assertEquals(Map.of("complete", 0L, "downloaded", 0L, "incomplete", 0L), files.get(unknown));
    }

    @Test
    void aScrapeWithoutInfoHashIsRefusedAsTheWebSocketTrackerRefusesIt() {
        Map<String, Object> body = body(RawHttp.get("/scrape"));
        assertEquals("scrape without info_hash is disabled", body.get("failure reason"));
    }

    @Test
    void webSocketAndHttpPeersShareOneSwarmButOnlyAddressesAreHandedOut() {
        String swarm = binaryId("mixed");
        try (WsClient socket = WsClient.connect()) {
            JsonObject ws = socket.send(Frames.announce(swarm, binaryId("ws"), ",\"left\":0")).next();
            assertEquals(1, ws.getInt("complete"));
            Map<String, Object> http = announce(swarm, binaryId("http"), 7701, "&left=9");
            assertEquals(1L, http.get("complete"), "the WebSocket seeder is counted");
            assertEquals(1L, http.get("incomplete"));
            assertEquals(Set.of(), compact(http.get("peers"), 4), "a WebSocket peer has no address to give");
            assertEquals(Map.of("complete", 1L, "downloaded", 0L, "incomplete", 1L), scrapeFiles(swarm).get(swarm));
            JsonObject wsScrape = socket.send("{\"action\":\"scrape\",\"info_hash\":" + Frames.quote(swarm) + "}").next();
            JsonObject file = wsScrape.getJsonObject("files").getJsonObject(swarm);
            assertEquals(1, file.getInt("complete"));
            assertEquals(1, file.getInt("incomplete"), "the WebSocket scrape counts the HTTP peer: " + wsScrape);
        }
    }

    @Test
    void numwantExtremesAreBoundedByTheServer() {
        String swarm = binaryId("crowd");
        for (int i = 0; i < 90; i++) {
            announce(swarm, id("crowd" + i), 10_000 + i, "&left=1&numwant=0");
        }
        String asker = binaryId("asker");
        assertEquals(0, compact(announce(swarm, asker, 9999, "&numwant=0").get("peers"), 4).size());
        assertEquals(1, compact(announce(swarm, asker, 9999, "&numwant=1").get("peers"), 4).size());
        assertEquals(50, compact(announce(swarm, asker, 9999, "").get("peers"), 4).size(), "the default");
        assertEquals(50, compact(announce(swarm, asker, 9999, "&numwant=-1").get("peers"), 4).size(), "BEP 15's default");
        assertEquals(80, compact(announce(swarm, asker, 9999, "&numwant=2147483647").get("peers"), 4).size(), "max-numwant");
        assertEquals(80, compact(announce(swarm, asker, 9999, "&numwant=" + "9".repeat(40)).get("peers"), 4).size());
        assertEquals(91L, announce(swarm, asker, 9999, "&numwant=0").get("incomplete"));
    }

    static Stream<Arguments> badRequests() {
        String h = "info_hash=" + escape("h".repeat(20));
        String p = "&peer_id=" + escape("p".repeat(20));
        String ok = h + p + "&port=6881";
        return Stream.of(
                Arguments.of("no query at all", "/announce", "invalid info_hash", "invalid_info_hash"),
                Arguments.of("broken escape", "/announce?" + ok + "&key=%4", "malformed query string", "malformed_query"),
                Arguments.of("non-hex escape", "/announce?info_hash=%GG" + escape("h".repeat(19)) + p + "&port=1",
                        "malformed query string", "malformed_query"),
                Arguments.of("info_hash 19 bytes", "/announce?info_hash=" + escape("h".repeat(19)) + p + "&port=1",
                        "invalid info_hash", "invalid_info_hash"),
                Arguments.of("info_hash 21 bytes", "/announce?info_hash=" + escape("h".repeat(21)) + p + "&port=1",
                        "invalid info_hash", "invalid_info_hash"),
                Arguments.of("info_hash in hex", "/announce?info_hash=" + "68".repeat(20) + p + "&port=1",
                        "invalid info_hash", "invalid_info_hash"),
                Arguments.of("peer_id 19 bytes", "/announce?" + h + "&peer_id=" + escape("p".repeat(19)) + "&port=1",
                        "invalid peer_id", "invalid_peer_id"),
                Arguments.of("peer_id missing", "/announce?" + h + "&port=1", "invalid peer_id", "invalid_peer_id"),
                Arguments.of("port missing", "/announce?" + h + p, "invalid port", "invalid_port"),
                Arguments.of("port 0", "/announce?" + h + p + "&port=0", "invalid port", "invalid_port"),
                Arguments.of("port 65536", "/announce?" + h + p + "&port=65536", "invalid port", "invalid_port"),
                Arguments.of("port text", "/announce?" + h + p + "&port=abc", "invalid port", "invalid_port"),
                Arguments.of("left negative", "/announce?" + ok + "&left=-1", "invalid left", "invalid_left"),
                Arguments.of("uploaded text", "/announce?" + ok + "&uploaded=x", "invalid uploaded", "invalid_uploaded"),
                Arguments.of("downloaded past a long", "/announce?" + ok + "&downloaded=99999999999999999999",
                        "invalid downloaded", "invalid_downloaded"),
                Arguments.of("unknown event", "/announce?" + ok + "&event=finished", "invalid event", "invalid_event"),
                Arguments.of("numwant garbage", "/announce?" + ok + "&numwant=lots", "invalid numwant", "invalid_numwant"),
                Arguments.of("numwant negative", "/announce?" + ok + "&numwant=-5", "invalid numwant", "invalid_numwant"),
                Arguments.of("compact garbage", "/announce?" + ok + "&compact=2", "invalid compact", "invalid_compact"),
                Arguments.of("query too long", "/announce?" + ok + "&pad=" + "x".repeat(9000), "query string too long",
                        "query_too_long"),
                Arguments.of("scrape with a short hash", "/scrape?" + h + "&info_hash=abc", "invalid info_hash",
                        "invalid_info_hash"),
                Arguments.of("scrape of 65 swarms", "/scrape?" + (h + "&").repeat(65), "too many info_hash in one scrape",
                        "too_many_info_hashes"),
                Arguments.of("scrape broken escape", "/scrape?info_hash=%", "malformed query string", "malformed_query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsRefusedWithHttp200ABencodedReasonAndACount(String name, String target, String reason, String tag) {
        double before = Server.metric("rendezvous_tracker_http_refusals_total", "reason=\"" + tag + "\"");
        Map<String, Object> body = body(RawHttp.get(target));
        assertEquals(Map.of("failure reason", reason), body);
        assertEquals(before + 1, Server.metric("rendezvous_tracker_http_refusals_total", "reason=\"" + tag + "\""));
        announce(binaryId("after"), binaryId("after"), 6881, ""); // and the tracker serves the next one
    }

    @Test
    void aHugeQueryStringIsRefusedCleanlyAndTheServerServesOn() {
        for (int size : new int[]{20_000, 100_000, 1_000_000}) {
            RawHttp.Response response = RawHttp.get("/announce?info_hash=" + "%41".repeat(size / 3));
            System.out.println("query of " + size + " characters: " + response.status() + " " + response.text());
            assertNotEquals(500, response.status(), "size " + size);
            if (response.status() == 200) {
                assertEquals(Map.of("failure reason", "query string too long"), body(response));
            } else {
                assertTrue(response.status() == RawHttp.CLOSED || response.status() >= 400 && response.status() < 500,
                        "size " + size + ": " + response.status());
            }
        }
        announce(binaryId("survivor"), binaryId("survivor"), 6881, "");
    }

    @Test
    void theWebSocketHandshakeAndTheDashboardKeepTheirPaths() {
        try (WsClient socket = WsClient.connect()) {
            assertEquals("announce", socket.send(Frames.announce(id("wsstill"), id("wsstill"), "")).next().getString("action"));
        }
        var dashboard = Server.get("/");
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), dashboard.headers().toString());
        assertTrue(dashboard.body().contains("<html") || dashboard.body().contains("<!DOCTYPE"), "the dashboard, not bencode");
    }

    @Test
    void otherMethodsAtTheAnnouncePathAreNotAnnounces() throws Exception {
        var post = Server.HTTP_CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Server.HTTP + "/announce"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertNotEquals(200, post.statusCode());
        assertNotEquals(500, post.statusCode());
    }

    @Test
    void theNpmReferenceClientOverHttpFindsItsPeerAndScrapes() throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(60), "http-client.mjs", Server.HTTP + "/announce");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"ok\":true"), result.output());
    }

    @Test
    void noRequestLeavesAStackTraceInTheServerLog() throws Exception {
        RawHttp.get("/announce?info_hash=%");
        RawHttp.get("/announce?" + "&".repeat(5000));
        RawHttp.get("/scrape?info_hash=" + "%FF".repeat(20) + "&info_hash=" + "%00".repeat(20));
        String log = Server.messagesLog();
        assertFalse(log.contains("\tat dev.rendezvous.tracker.http"), "stack trace of the HTTP tracker in messages.log");
    }
}
