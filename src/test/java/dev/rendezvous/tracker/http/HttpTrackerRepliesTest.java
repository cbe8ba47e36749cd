package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.AddressPeer;
import dev.rendezvous.tracker.AddressReply;
import dev.rendezvous.tracker.ScrapeReply;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class HttpTrackerRepliesTest {
    private static final String PEER_A = "-qB4650-" + "\u0000\u00ff".repeat(6);
    private static final String PEER_B = "-TR3000-" + "abcdefghijkl";
    private static final AddressPeer V4 = new AddressPeer(PEER_A, new byte[]{(byte) 192, 0, 2, 7}, 51413);
    private static final AddressPeer V6 = new AddressPeer(PEER_B, new byte[]{0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 6881);
    private static final AddressReply REPLY = new AddressReply(1800, 900, 3, 5, List.of(V6, V4), null);

    private static AnnounceQuery query(String extra) {
        return AnnounceQuery.parse(AnnounceQueryTest.BASE + extra).value();
    }

    @Test
    void compactPeersAreSixBytesAndIpv6PeersEighteenInPeers6() {
        Map<String, Object> body = BencodeDecoder.dictionary(HttpTrackerReplies.announce(REPLY, query("")));
        assertEquals(List.of("complete", "incomplete", "interval", "min interval", "peers", "peers6"), List.copyOf(body.keySet()));
        assertEquals(3L, body.get("complete"));
        assertEquals(5L, body.get("incomplete"));
        assertEquals(1800L, body.get("interval"));
        assertEquals(900L, body.get("min interval"));
        assertArrayEquals(new byte[]{(byte) 192, 0, 2, 7, (byte) 0xC8, (byte) 0xD5}, BencodeDecoder.bytes(body.get("peers")));
        assertArrayEquals(new byte[]{0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x1A, (byte) 0xE1},
                BencodeDecoder.bytes(body.get("peers6")));
    }

    @Test
    void noPeersAreEmptyStringsNotMissingKeys() {
        AddressReply alone = new AddressReply(120, 120, 0, 1, List.of(), null);
        assertEquals("d8:completei0e10:incompletei1e8:intervali120e12:min intervali120e5:peers0:6:peers60:e",
                new String(HttpTrackerReplies.announce(alone, query("")), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void manyPeersAreWrittenWhole() {
        List<AddressPeer> peers = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            peers.add(new AddressPeer(PEER_A, new byte[]{10, 0, (byte) (i >> 8), (byte) i}, 1000 + i));
        }
        Map<String, Object> body = BencodeDecoder.dictionary(HttpTrackerReplies.announce(
                new AddressReply(120, 120, 200, 0, peers, null), query("")));
        byte[] compact = BencodeDecoder.bytes(body.get("peers"));
        assertEquals(1200, compact.length);
        assertEquals(1199 & 0xFF, compact[1199] & 0xFF);
    }

    @Test
    void theDictionaryModelHasIpPeerIdAndPortForBothFamiliesInPeers() {
        Map<String, Object> body = BencodeDecoder.dictionary(HttpTrackerReplies.announce(REPLY, query("&compact=0")));
        assertEquals(List.of("complete", "incomplete", "interval", "min interval", "peers"), List.copyOf(body.keySet()));
        List<?> peers = (List<?>) body.get("peers");
        assertEquals(Map.of("ip", "2001:db8:0:0:0:0:0:1", "peer id", PEER_B, "port", 6881L), peers.get(0));
        assertEquals(Map.of("ip", "192.0.2.7", "peer id", PEER_A, "port", 51413L), peers.get(1));
    }

    @Test
    void noPeerIdLeavesItOut() {
        Map<String, Object> body = BencodeDecoder.dictionary(HttpTrackerReplies.announce(REPLY, query("&compact=0&no_peer_id=1")));
        for (Object peer : (List<?>) body.get("peers")) {
            assertFalse(((Map<?, ?>) peer).containsKey("peer id"));
        }
    }

    @Test
    void scrapeFilesAreSortedByTheirBytesWhateverTheOrderAsked() {
        Map<String, ScrapeFile> files = new LinkedHashMap<>();
        String high = "\u00ff".repeat(20);
        String low = "\u0000".repeat(20);
        String middle = "m".repeat(20);
        files.put(high, new ScrapeFile(1, 2, 3));
        files.put(low, new ScrapeFile(0, 0, 0));
        files.put(middle, new ScrapeFile(7, 8, 9));
        Map<String, Object> body = BencodeDecoder.dictionary(HttpTrackerReplies.scrape(new ScrapeReply(files, null)));
        Map<?, ?> decoded = (Map<?, ?>) body.get("files");
        assertEquals(List.of(low, middle, high), List.copyOf(decoded.keySet()));
        assertEquals(Map.of("complete", 1L, "downloaded", 3L, "incomplete", 2L), decoded.get(high));
        assertEquals(List.of("complete", "downloaded", "incomplete"), List.copyOf(((Map<?, ?>) decoded.get(middle)).keySet()));
    }

    @Test
    void aFailureIsOneKey() {
        assertEquals("d14:failure reason17:invalid info_hashe",
                new String(HttpTrackerReplies.failure("invalid info_hash"), java.nio.charset.StandardCharsets.US_ASCII));
        assertNull(BencodeDecoder.dictionary(HttpTrackerReplies.failure("x")).get("peers"));
    }
}
