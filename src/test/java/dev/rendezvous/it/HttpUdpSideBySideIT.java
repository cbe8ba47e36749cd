package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import static dev.rendezvous.it.Bep15Client.COMPLETED;
import static dev.rendezvous.it.Bep15Client.NONE;
import static dev.rendezvous.it.Bep15Client.STARTED;
import static dev.rendezvous.it.Bep15Client.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same HTTP (BEP 3, BEP 48) requests and raw BEP 15 packets go to the reference tracker (npm bittorrent-tracker
 * with HTTP and UDP on) and to Rendezvous; the decoded replies must be equal field by field, apart from the intended
 * differences that docs/http-udp-interop.md lists and that each test asserts explicitly. Configured values differ by
 * design (the interval: the reference's 120 s against the IT server's 2 s) and are left out of the comparison.
 * Binary ids use every byte value (0x00 and 0xFF included), percent-encoded byte by byte over HTTP.
 */
class HttpUdpSideBySideIT {
    private static final Set<String> CONFIGURED = Set.of("interval", "min interval");
    private static ReferenceTracker reference;

    @BeforeAll
    static void startReference() throws Exception {
        reference = ReferenceTracker.start(120);
    }

    @AfterAll
    static void stopReference() {
        if (reference != null) {
            reference.close();
        }
    }

    private static int ourUdpPort() {
        Integer port = Integer.getInteger("it.udp-tracker.port");
        assertNotNull(port, "no it.udp-tracker.port: the shared server has no UDP tracker port reserved");
        return port;
    }

    /** 20 random bytes as a binary string; the first is 0x00 and the last 0xFF, so encoding is always exercised. */
    static String binaryId() {
        byte[] b = new byte[20];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = 0;
        b[19] = (byte) 0xff;
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static int port() {
        return ThreadLocalRandom.current().nextInt(10_000, 60_000);
    }

    record Replies<T>(T ours, T theirs) {
    }

    // ---- HTTP ----

    private static Replies<Map<String, Object>> http(String path, HttpTrackerClient.Query query) {
        HttpTrackerClient.Reply ours = HttpTrackerClient.get(Server.HTTP, path, query);
        HttpTrackerClient.Reply theirs = HttpTrackerClient.get(reference.http(), path, query);
        assertEquals(200, theirs.status(), "the reference: " + theirs);
        assertEquals(200, ours.status(), "Rendezvous: " + ours);
        return new Replies<>(ours.dictionary(), theirs.dictionary());
    }

    /**
     * The reply without its configured values, its peers as a set of "address:port" texts (or, for the dictionary
     * model, of sorted maps) without the announcer's own address: the reference lists the announcer among its own
     * peers (asserted by {@link #sameAnnounce}), Rendezvous does not.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> comparable(Map<String, Object> reply, String self, boolean reference) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : reply.entrySet()) {
            if (CONFIGURED.contains(e.getKey())) {
                continue;
            }
            Object value = e.getValue();
            if (e.getKey().equals("peers") && value instanceof List<?> list) {
                TreeSet<String> peers = new TreeSet<>();
                for (Object o : list) {
                    Map<String, Object> p = new TreeMap<>((Map<String, Object>) o);
                    if (reference) {
                        p.put("peer id", utf8Decoded((String) p.get("peer id")));
                    }
                    if (!(p.get("ip") + ":" + p.get("port")).equals(self)) {
                        peers.add(p.toString());
                    }
                }
                value = peers;
            } else if (e.getKey().equals("peers") || e.getKey().equals("peers6")) {
                TreeSet<String> peers = Bep15Client.compactPeers(((String) value).getBytes(StandardCharsets.ISO_8859_1),
                        e.getKey().equals("peers") ? 4 : 16);
                peers.remove(self);
                value = peers;
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    /**
     * The reference bencodes binary strings that are JavaScript strings (the dictionary model's `peer id`, the HTTP
     * scrape's file keys) as UTF-8: each byte of 0x80 or more becomes two. This undoes it, for comparing the rest.
     */
    static String utf8Decoded(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    static String utf8Encoded(String binary) {
        return new String(binary.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static Set<String> peerAddresses(Map<String, Object> reply) {
        return HttpTrackerClient.peers(reply);
    }

    /**
     * The same HTTP announce to both; the replies compared; returns them. Intended differences asserted on each: the
     * reference lists the announcer among its own peers, Rendezvous does not; Rendezvous sends BEP 3's `min interval`,
     * the reference none; to a `stopped` announce Rendezvous gives no peers (the peer is leaving), the reference does.
     */
    private static Replies<Map<String, Object>> sameAnnounce(HttpTrackerClient.Query query, int selfPort) {
        Replies<Map<String, Object>> r = http("/announce", query);
        String self = "127.0.0.1:" + selfPort;
        assertFalse(peerAddresses(r.ours()).contains(self), "Rendezvous gave the announcer its own address: " + r.ours());
        assertTrue(r.ours().get("min interval") instanceof Long, r.ours().toString());
        assertFalse(r.theirs().containsKey("min interval"), r.theirs().toString());
        Map<String, Object> ours = comparable(r.ours(), self, false);
        Map<String, Object> theirs = comparable(r.theirs(), self, true);
        if (query.encoded().contains("event=stopped")) {
            assertEquals(Set.of(), ours.get("peers"), "Rendezvous gives a leaving peer no peers: " + r.ours());
            ours.remove("peers");
            theirs.remove("peers");
        } else {
            assertTrue(peerAddresses(r.theirs()).contains(self), "the reference lists the announcer itself: " + r.theirs());
        }
        assertEquals(theirs, ours, "reference vs Rendezvous");
        return r;
    }

    /** The reference keys HTTP scrape files by the UTF-8 encoding of the binary info_hash (see its own test below). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> files(Map<String, Object> scrape, boolean utf8Keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<String, Object>) scrape.get("files")).forEach((k, v) -> out.put(
                utf8Keys ? new String(k.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : k, v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static long field(Map<String, Object> files, String hash, String name) {
        return (Long) ((Map<String, Object>) files.get(hash)).get(name);
    }

    /** The same scrape to both; files compared but for `downloaded` (compared by the caller); returns both files maps. */
    @SuppressWarnings("unchecked")
    private static Replies<Map<String, Object>> sameScrape(String... hashes) {
        HttpTrackerClient.Query q = new HttpTrackerClient.Query();
        for (String h : hashes) {
            q.infoHash(h);
        }
        Replies<Map<String, Object>> r = http("/scrape", q);
        Map<String, Object> ours = files(r.ours(), false);
        Map<String, Object> theirs = files(r.theirs(), true);
        assertEquals(theirs.keySet(), ours.keySet(), "the scraped files");
        for (String h : hashes) {
            for (String f : List.of("complete", "incomplete")) {
                assertEquals(field(theirs, h, f), field(ours, h, f), f + " of a scraped file: " + r);
            }
            assertTrue(((Map<String, Object>) ours.get(h)).containsKey("downloaded"), r.ours().toString());
        }
        return new Replies<>(ours, theirs);
    }

    @Test
    void httpAnnouncesAndScrapesAreTheSame() {
        String hash = binaryId();
        String unknown = binaryId();
        String seeder = binaryId();
        String leecher = binaryId();
        int seederPort = port();
        int leecherPort = seederPort + 1;
        Replies<Map<String, Object>> first = sameAnnounce(HttpTrackerClient.announce(hash, seeder, seederPort, 0, "started"), seederPort);
        assertEquals(1L, first.ours().get("complete"));
        Replies<Map<String, Object>> second = sameAnnounce(HttpTrackerClient.announce(hash, leecher, leecherPort, 1000, "started"), leecherPort);
        assertEquals(Set.of("127.0.0.1:" + seederPort), peerAddresses(second.ours()));
        // The dictionary model (compact=0): ip, peer id, port of each peer.
        sameAnnounce(HttpTrackerClient.announce(hash, leecher, leecherPort, 1000, null).put("compact", 0), leecherPort);
        Replies<Map<String, Object>> completed = sameAnnounce(HttpTrackerClient.announce(hash, leecher, leecherPort, 0, "completed"), leecherPort);
        assertEquals(2L, completed.ours().get("complete"));
        assertEquals(0L, completed.ours().get("incomplete"));

        Replies<Map<String, Object>> scraped = sameScrape(hash, unknown);
        // Intended difference: `downloaded` counts completions (BEP 48: one `completed`); the reference reports its
        // current seeders there (2).
        assertEquals(1L, field(scraped.ours(), hash, "downloaded"));
        assertEquals(2L, field(scraped.theirs(), hash, "downloaded"));
        assertEquals(0L, field(scraped.ours(), unknown, "downloaded"));

        sameAnnounce(HttpTrackerClient.announce(hash, seeder, seederPort, 0, "stopped"), seederPort);
        Replies<Map<String, Object>> after = sameScrape(hash);
        assertEquals(1L, field(after.ours(), hash, "complete"));
    }

    @Test
    void httpAndUdpPeersAreInOneSwarmOnBoth() throws IOException {
        String hash = binaryId();
        int httpPort = port();
        int udpPort = httpPort + 1;
        sameAnnounce(HttpTrackerClient.announce(hash, binaryId(), httpPort, 0, "started"), httpPort);
        try (UdpPair udp = new UdpPair()) {
            Replies<Bep15Client.Announced> r = udp.sameAnnounce(
                    new Bep15Client.Announce(hash, binaryId(), 500, STARTED, 50, udpPort));
            assertEquals(Set.of("127.0.0.1:" + httpPort), r.ours().peers(), "the UDP announcer gets the HTTP peer");
            assertEquals(List.of(new Bep15Client.ScrapeFile(1, 0, 1)), udp.sameScrape(hash).ours());
        }
        Replies<Map<String, Object>> second = sameAnnounce(HttpTrackerClient.announce(hash, binaryId(), httpPort + 2, 10, "started"), httpPort + 2);
        assertEquals(Set.of("127.0.0.1:" + httpPort, "127.0.0.1:" + udpPort), peerAddresses(second.ours()));
        sameScrape(hash);
    }

    @Test
    void httpErrorsAreTheSame() {
        // Each refused with a `failure reason` dictionary, status 200, by both, with the same text.
        String hash = binaryId();
        String peer = binaryId();
        Map<String, HttpTrackerClient.Query> bad = new LinkedHashMap<>();
        bad.put("invalid info_hash", HttpTrackerClient.announce(hash.substring(1), peer, port(), 0, null));
        bad.put("invalid peer_id", HttpTrackerClient.announce(hash, peer + "x", port(), 0, null));
        for (Map.Entry<String, HttpTrackerClient.Query> e : bad.entrySet()) {
            Replies<Map<String, Object>> r = http("/announce", e.getValue());
            assertEquals(Map.of("failure reason", e.getKey()), r.theirs());
            assertEquals(Map.of("failure reason", e.getKey()), r.ours());
        }
        Replies<Map<String, Object>> r = http("/scrape", new HttpTrackerClient.Query().infoHash(hash.substring(2)));
        assertEquals(Map.of("failure reason", "invalid info_hash"), r.theirs());
        assertEquals(Map.of("failure reason", "invalid info_hash"), r.ours());
    }

    /** The `ip` parameter is ignored by both: the peer is listed at the address its request came from. */
    @Test
    void httpIpParameterIsIgnoredByBoth() {
        String hash = binaryId();
        int claimer = port();
        sameAnnounce(HttpTrackerClient.announce(hash, binaryId(), claimer, 0, "started").put("ip", "10.9.8.7"), claimer);
        Replies<Map<String, Object>> r = sameAnnounce(HttpTrackerClient.announce(hash, binaryId(), claimer + 1, 10, "started"), claimer + 1);
        assertEquals(Set.of("127.0.0.1:" + claimer), peerAddresses(r.ours()));
    }

    @Test
    void intendedDifferenceHttpScrapeKeysAreTheRawInfoHash() {
        String hash = binaryId();
        int port = port();
        sameAnnounce(HttpTrackerClient.announce(hash, binaryId(), port, 0, "started"), port);
        Replies<Map<String, Object>> r = http("/scrape", new HttpTrackerClient.Query().infoHash(hash));
        @SuppressWarnings("unchecked")
        Set<String> ours = ((Map<String, Object>) r.ours().get("files")).keySet();
        @SuppressWarnings("unchecked")
        Set<String> theirs = ((Map<String, Object>) r.theirs().get("files")).keySet();
        assertEquals(Set.of(hash), ours, "Rendezvous: the 20 bytes (BEP 48)");
        String utf8 = utf8Encoded(hash);
        assertEquals(Set.of(utf8), theirs, "the reference: the UTF-8 encoding of the bytes");
        assertNotEquals(20, utf8.length());
    }

    @Test
    @SuppressWarnings("unchecked")
    void intendedDifferenceTheDictionaryModelsPeerIdIsTheRawBytes() {
        String hash = binaryId();
        String seeder = binaryId();
        int port = port();
        sameAnnounce(HttpTrackerClient.announce(hash, seeder, port, 0, "started"), port);
        Replies<Map<String, Object>> r = http("/announce", HttpTrackerClient.announce(hash, binaryId(), port + 1, 5, "started")
                .put("compact", 0));
        Map<String, Object> ours = (Map<String, Object>) ((List<Object>) r.ours().get("peers")).get(0);
        assertEquals(seeder, ours.get("peer id"), "Rendezvous: the 20 bytes");
        List<Object> theirs = (List<Object>) r.theirs().get("peers");
        assertTrue(theirs.stream().anyMatch(p -> utf8Encoded(seeder).equals(((Map<String, Object>) p).get("peer id"))),
                "the reference: the UTF-8 encoding of the bytes: " + r.theirs());
    }

    @Test
    void intendedDifferencePeersAreCompactUnlessTheClientAsksOtherwise() {
        String hash = binaryId();
        int port = port();
        sameAnnounce(HttpTrackerClient.announce(hash, binaryId(), port, 0, "started"), port);
        HttpTrackerClient.Query noCompact = new HttpTrackerClient.Query().infoHash(hash).put("peer_id", binaryId())
                .put("port", port + 1).put("uploaded", 0).put("downloaded", 0).put("left", 10);
        Replies<Map<String, Object>> r = http("/announce", noCompact);
        // BEP 23: compact unless compact=0; the reference gives the dictionary model when the parameter is absent.
        assertTrue(r.ours().get("peers") instanceof String, "Rendezvous: compact " + r.ours());
        assertTrue(r.theirs().get("peers") instanceof List, "the reference: a list " + r.theirs());
        assertEquals(peerAddresses(r.theirs()).size() - 1, peerAddresses(r.ours()).size());
    }

    @Test
    void intendedDifferenceNegativeLeftIsRefused() {
        Replies<Map<String, Object>> r = http("/announce", HttpTrackerClient.announce(binaryId(), binaryId(), port(), -5, "started"));
        assertEquals(Map.of("failure reason", "invalid left"), r.ours());
        assertEquals(0L, r.theirs().get("complete"), "the reference takes it for a leecher: " + r.theirs());
        assertEquals(1L, r.theirs().get("incomplete"), r.theirs().toString());
    }

    @Test
    void intendedDifferenceHttpScrapeOfEverySwarmIsOffByDefault() {
        int port = port();
        sameAnnounce(HttpTrackerClient.announce(binaryId(), binaryId(), port, 0, "started"), port);
        Replies<Map<String, Object>> r = http("/scrape", new HttpTrackerClient.Query());
        assertEquals(Map.of("failure reason", "scrape without info_hash is disabled"), r.ours());
        assertFalse(files(r.theirs(), true).isEmpty(), "the reference lists every swarm: " + r.theirs());
    }

    // ---- UDP ----

    /** One socket to each server's UDP tracker, each connected (BEP 15 connect). */
    private static final class UdpPair implements AutoCloseable {
        final Bep15Client ours;
        final Bep15Client theirs;
        final long ourConnection;
        final long theirConnection;

        UdpPair() throws IOException {
            ours = new Bep15Client(ourUdpPort());
            theirs = new Bep15Client(reference.udpPort());
            ourConnection = ours.connect();
            theirConnection = theirs.connect();
        }

        Replies<Bep15Client.Reply> announceRaw(Bep15Client.Announce a) throws IOException {
            return new Replies<>(ours.announceRaw(ourConnection, a), theirs.announceRaw(theirConnection, a));
        }

        /** The same announce to both; counts and peers compared (without the announcer itself, see {@link #sameAnnounce}). */
        Replies<Bep15Client.Announced> sameAnnounce(Bep15Client.Announce a) throws IOException {
            Replies<Bep15Client.Reply> raw = announceRaw(a);
            Bep15Client.Announced mine = Bep15Client.announced(raw.ours(), 4);
            Bep15Client.Announced ref = Bep15Client.announced(raw.theirs(), 4);
            String self = "127.0.0.1:" + a.port();
            assertFalse(mine.peers().contains(self), "Rendezvous gave the announcer its own address: " + mine);
            assertEquals(ref.seeders(), mine.seeders(), "seeders");
            assertEquals(ref.leechers(), mine.leechers(), "leechers");
            if (a.event() == STOPPED) {
                assertEquals(Set.of(), mine.peers(), "Rendezvous gives a leaving peer no peers");
            } else {
                assertTrue(ref.peers().contains(self), "the reference lists the announcer itself: " + ref);
                TreeSet<String> refPeers = new TreeSet<>(ref.peers());
                refPeers.remove(self);
                assertEquals(refPeers, mine.peers(), "peers");
            }
            return new Replies<>(mine, ref);
        }

        /** Seeders and leechers compared; `completed` left to the caller (an intended difference). */
        Replies<List<Bep15Client.ScrapeFile>> sameScrape(String... hashes) throws IOException {
            List<Bep15Client.ScrapeFile> mine = ours.scrape(ourConnection, hashes);
            List<Bep15Client.ScrapeFile> ref = theirs.scrape(theirConnection, hashes);
            assertEquals(hashes.length, mine.size());
            assertEquals(hashes.length, ref.size());
            for (int i = 0; i < hashes.length; i++) {
                assertEquals(ref.get(i).seeders(), mine.get(i).seeders(), "seeders of file " + i);
                assertEquals(ref.get(i).leechers(), mine.get(i).leechers(), "leechers of file " + i);
            }
            return new Replies<>(mine, ref);
        }

        @Override
        public void close() {
            ours.close();
            theirs.close();
        }
    }

    @Test
    void udpConnectAnnouncesAndScrapesAreTheSame() throws IOException {
        String hash = binaryId();
        String unknown = binaryId();
        String seeder = binaryId();
        String leecher = binaryId();
        int seederPort = port();
        int leecherPort = seederPort + 1;
        try (UdpPair udp = new UdpPair()) {
            udp.sameAnnounce(new Bep15Client.Announce(hash, seeder, 0, STARTED, 50, seederPort));
            Replies<Bep15Client.Announced> second = udp.sameAnnounce(
                    new Bep15Client.Announce(hash, leecher, 1000, STARTED, -1, leecherPort));
            assertEquals(1, second.ours().seeders());
            assertEquals(1, second.ours().leechers());
            assertEquals(Set.of("127.0.0.1:" + seederPort), second.ours().peers());
            udp.sameAnnounce(new Bep15Client.Announce(hash, leecher, 1000, NONE, 10, leecherPort));
            Replies<Bep15Client.Announced> done = udp.sameAnnounce(
                    new Bep15Client.Announce(hash, leecher, 0, COMPLETED, 10, leecherPort));
            assertEquals(2, done.ours().seeders());

            Replies<List<Bep15Client.ScrapeFile>> scraped = udp.sameScrape(hash, unknown);
            // Intended difference, as over HTTP: `completed` counts completions, the reference's its current seeders.
            assertEquals(1, scraped.ours().get(0).completed());
            assertEquals(2, scraped.theirs().get(0).completed());
            assertEquals(new Bep15Client.ScrapeFile(0, 0, 0), scraped.ours().get(1));

            udp.sameAnnounce(new Bep15Client.Announce(hash, seeder, 0, STOPPED, 10, seederPort));
            assertEquals(1, udp.sameScrape(hash).ours().get(0).seeders());
        }
    }

    /**
     * The npm bittorrent-tracker Client sends `left` 2^64-1 over UDP when it does not know it (its default): both must
     * take it for a leecher, as BEP 15's 64-bit field is unsigned.
     */
    @Test
    void udpLeftOfAllOnesIsALeecherOnBoth() throws IOException {
        String hash = binaryId();
        try (UdpPair udp = new UdpPair()) {
            Replies<Bep15Client.Announced> r = udp.sameAnnounce(new Bep15Client.Announce(hash, binaryId(), -1L, STARTED, 10, port()));
            assertEquals(1, r.ours().leechers());
            assertEquals(0, r.ours().seeders());
        }
    }

    @Test
    void intendedDifferenceUdpConnectionIdsAreKeyedMacsNotTheProtocolConstant() throws IOException {
        String hash = binaryId();
        Bep15Client.Announce announce = new Bep15Client.Announce(hash, binaryId(), 0, STARTED, 10, port());
        try (UdpPair udp = new UdpPair()) {
            // The reference hands every client the protocol constant as its connection id and accepts nothing else.
            assertEquals(Bep15Client.PROTOCOL_ID, udp.theirConnection);
            assertNotEquals(Bep15Client.PROTOCOL_ID, udp.ourConnection);
            assertEquals(Bep15Client.ANNOUNCE, udp.theirs.announceRaw(Bep15Client.PROTOCOL_ID, announce).action());
            // Rendezvous does not take the constant (anyone could announce from a spoofed address with it).
            Bep15Client.Reply refused = refusedOrSilent(() -> udp.ours.announceRaw(Bep15Client.PROTOCOL_ID, announce));
            assertTrue(refused == null || refused.action() == Bep15Client.ERROR, "Rendezvous refused the constant: " + refused);
            // And the reference drops a packet with any other id without a word.
            assertThrows(SocketTimeoutException.class, () -> udp.theirs.announceRaw(udp.ourConnection, announce));
        }
    }

    interface Exchange {
        Bep15Client.Reply run() throws IOException;
    }

    /** The reply, or null when the server sent none (three tries). */
    private static Bep15Client.Reply refusedOrSilent(Exchange exchange) throws IOException {
        try {
            return exchange.run();
        } catch (SocketTimeoutException silent) {
            return null;
        }
    }

    @Test
    void intendedDifferenceTheUdpIpFieldIsIgnored() throws IOException {
        String hash = binaryId();
        int claimerPort = port();
        byte[] packetTemplate;
        try (UdpPair udp = new UdpPair()) {
            // An announce that claims to come from 10.9.8.7 (the optional "IP address" field, bytes 84..87).
            Bep15Client.Announce claim = new Bep15Client.Announce(hash, binaryId(), 0, STARTED, 10, claimerPort);
            packetTemplate = Bep15Client.announcePacket(udp.ourConnection, claim);
            packetTemplate[84] = 10;
            packetTemplate[85] = 9;
            packetTemplate[86] = 8;
            packetTemplate[87] = 7;
            assertEquals(Bep15Client.ANNOUNCE, udp.ours.exchange(packetTemplate).action());
            byte[] theirs = packetTemplate.clone();
            ByteBuffer.wrap(theirs).putLong(0, udp.theirConnection);
            assertEquals(Bep15Client.ANNOUNCE, udp.theirs.exchange(theirs).action());

            Bep15Client.Announce asker = new Bep15Client.Announce(hash, binaryId(), 100, STARTED, 10, claimerPort + 1);
            Replies<Bep15Client.Reply> raw = udp.announceRaw(asker);
            assertEquals(Set.of("127.0.0.1:" + claimerPort), Bep15Client.announced(raw.ours(), 4).peers(),
                    "Rendezvous lists the address the packet came from");
            // The reference takes the field instead of the source address; its `ip` library then turns the number
            // into no address at all, so the claimer is counted but never listed.
            Bep15Client.Announced refReply = Bep15Client.announced(raw.theirs(), 4);
            assertEquals(1, refReply.seeders(), "the reference counts the claimer");
            assertFalse(refReply.peers().contains("127.0.0.1:" + claimerPort),
                    "the reference ignored the source address: " + refReply);
        }
    }

    @Test
    void intendedDifferenceUdpPortZeroIsRefused() throws IOException {
        String hash = binaryId();
        try (UdpPair udp = new UdpPair()) {
            Replies<Bep15Client.Reply> raw = udp.announceRaw(new Bep15Client.Announce(hash, binaryId(), 0, STARTED, 10, 0));
            // The reference takes the packet's source port instead; Rendezvous refuses: a client's source port is
            // not its listening port.
            assertEquals(Bep15Client.ANNOUNCE, raw.theirs().action());
            assertEquals(Bep15Client.ERROR, raw.ours().action(), "Rendezvous: " + raw.ours().errorMessage());
            assertEquals(0, udp.ours.scrape(udp.ourConnection, hash).get(0).seeders(), "Rendezvous added no peer");
            assertEquals(1, udp.theirs.scrape(udp.theirConnection, hash).get(0).seeders(), "the reference did");
        }
    }

    @Test
    void intendedDifferenceNumwantIsBoundedAt80NotAt82() throws IOException {
        String hash = binaryId();
        int base = port() / 2;
        try (UdpPair udp = new UdpPair()) {
            for (int i = 0; i < 90; i++) {
                udp.announceRaw(new Bep15Client.Announce(hash, binaryId(), 0, STARTED, 0, base + i));
            }
            Replies<Bep15Client.Reply> raw = udp.announceRaw(
                    new Bep15Client.Announce(hash, binaryId(), 10, STARTED, 1000, base + 95));
            assertEquals(80, Bep15Client.announced(raw.ours(), 4).peers().size(), "Rendezvous: max-numwant");
            assertEquals(82, Bep15Client.announced(raw.theirs(), 4).peers().size(), "the reference's MAX_ANNOUNCE_PEERS");
        }
        Replies<Map<String, Object>> r = http("/announce", HttpTrackerClient.announce(hash, binaryId(), base + 96, 10, "started")
                .put("numwant", 1000));
        assertEquals(80, peerAddresses(r.ours()).size(), "Rendezvous over HTTP");
        assertEquals(82, peerAddresses(r.theirs()).size(), "the reference over HTTP");
    }
}
