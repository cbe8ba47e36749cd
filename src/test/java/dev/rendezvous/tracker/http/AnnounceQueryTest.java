package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.wire.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnounceQueryTest {
    /** 20 bytes, all escaped as libtorrent escapes them, some not ASCII and not UTF-8. */
    static final String HASH = "%00%11%22%33%44%55%66%77%88%99%aa%bb%cc%dd%ee%ff%01%80%7f%20";
    static final String HASH_TEXT = "\u0000\u0011\"3DUfw\u0088\u0099\u00aa\u00bb\u00cc\u00dd\u00ee\u00ff\u0001\u0080\u007f ";
    static final String PEER = "-lt2080-%01%02%03%04%05%06%07%08%09%0A%0B%0C";
    static final String BASE = "info_hash=" + HASH + "&peer_id=" + PEER + "&port=6881";

    static AnnounceQuery ok(String raw) {
        Checked<AnnounceQuery> checked = AnnounceQuery.parse(raw);
        assertTrue(checked.isOk(), raw + " refused: " + checked.refusal());
        return checked.value();
    }

    static HttpRefusal refusal(String raw) {
        Checked<AnnounceQuery> checked = AnnounceQuery.parse(raw);
        assertFalse(checked.isOk(), raw + " was accepted");
        assertNull(checked.value());
        return checked.refusal();
    }

    @Test
    void aTypicalLibtorrentAnnounceIsReadByteForByte() {
        AnnounceQuery q = ok(BASE + "&uploaded=0&downloaded=100&left=4194304&corrupt=0&key=5A1B&event=started"
                + "&numwant=200&compact=1&no_peer_id=1&supportcrypto=1&redundant=0");
        assertEquals(HASH_TEXT, q.infoHash());
        assertEquals("-lt2080-\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\n\u000b\u000c", q.peerId());
        assertEquals(6881, q.port());
        assertEquals(0, q.uploaded());
        assertEquals(100, q.downloaded());
        assertEquals(4_194_304, q.left());
        assertEquals(Event.STARTED, q.event());
        assertEquals(200, q.numwant());
        assertTrue(q.compact());
        assertTrue(q.noPeerId());
        assertFalse(q.seeder());
    }

    @Test
    void onlyTheThreeRequiredParametersGiveDefaults() {
        AnnounceQuery q = ok(BASE);
        assertEquals(Event.UPDATE, q.event());
        assertEquals(-1, q.numwant(), "the core's default");
        assertTrue(q.compact(), "compact by default");
        assertFalse(q.noPeerId());
        assertEquals(AnnounceQuery.LEFT_UNKNOWN, q.left());
        assertFalse(q.seeder(), "no left is a leecher, as the reference counts it");
        assertEquals(-1, q.uploaded());
    }

    @Test
    void theIpParametersAreIgnoredWhateverTheySay() {
        AnnounceQuery q = ok(BASE + "&ip=203.0.113.9&ipv4=203.0.113.9&ipv6=2001:db8::1&ip=not-an-address&ip=%3A%3A1");
        assertEquals(ok(BASE), q, "an announce claiming an address reads the same as one that does not");
    }

    @ParameterizedTest
    @CsvSource({"started,STARTED", "completed,COMPLETED", "stopped,STOPPED", "empty,UPDATE", "paused,PAUSED", "update,UPDATE"})
    void everyEventBep3AndBep21Name(String wire, Event event) {
        assertEquals(event, ok(BASE + "&event=" + wire).event());
    }

    @Test
    void anEmptyEventIsNoEvent() {
        assertEquals(Event.UPDATE, ok(BASE + "&event=").event());
    }

    @Test
    void compactZeroAsksForTheDictionaryModel() {
        assertFalse(ok(BASE + "&compact=0").compact());
        assertFalse(ok(BASE + "&compact=0&no_peer_id=0").noPeerId());
    }

    @Test
    void aSeederSaysLeftZero() {
        assertTrue(ok(BASE + "&left=0").seeder());
    }

    @Test
    void theFirstOfARepeatedParameterCounts() {
        assertEquals(6881, ok(BASE + "&port=1").port());
        assertEquals(Event.STOPPED, ok(BASE + "&event=stopped&event=started").event());
    }

    @Test
    void numwantExtremes() {
        assertEquals(0, ok(BASE + "&numwant=0").numwant(), "zero peers is a fair request (a stopping client)");
        assertEquals(1, ok(BASE + "&numwant=1").numwant());
        assertEquals(-1, ok(BASE + "&numwant=-1").numwant(), "BEP 15's spelling of the default");
        assertEquals(2_147_483_647, ok(BASE + "&numwant=2147483647").numwant());
        assertEquals(Integer.MAX_VALUE, ok(BASE + "&numwant=2147483648").numwant(), "past an int: the most, bounded by the core");
        assertEquals(Integer.MAX_VALUE, ok(BASE + "&numwant=" + "9".repeat(64)).numwant());
        assertEquals(-1, ok(BASE + "&numwant=").numwant(), "empty is absent");
    }

    @Test
    void countsUpToALongAreTaken() {
        assertEquals(Long.MAX_VALUE, ok(BASE + "&left=9223372036854775807").left());
        assertEquals(0, ok(BASE + "&uploaded=0000").uploaded());
    }

    static Stream<Arguments> badAnnounces() {
        String h = "info_hash=" + HASH;
        String p = "&peer_id=" + PEER;
        return Stream.of(
                Arguments.of("no query", null, HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("empty query", "", HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("broken escape", BASE + "&key=%4", HttpRefusal.MALFORMED_QUERY),
                Arguments.of("bad hex escape", "info_hash=%GG" + HASH.substring(3) + p + "&port=1", HttpRefusal.MALFORMED_QUERY),
                Arguments.of("a character beyond a byte", BASE + "&key=\u20ac", HttpRefusal.MALFORMED_QUERY),
                Arguments.of("too long", BASE + "&pad=" + "x".repeat(QueryString.MAX_LENGTH), HttpRefusal.QUERY_TOO_LONG),
                Arguments.of("no info_hash", "peer_id=" + PEER + "&port=1", HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("info_hash 19 bytes", "info_hash=" + HASH.substring(3) + p + "&port=1", HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("info_hash 21 bytes", "info_hash=" + HASH + "%00" + p + "&port=1", HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("info_hash as 40 hex digits", "info_hash=" + "ab".repeat(20) + p + "&port=1", HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("info_hash UTF-8 of 20 chars", "info_hash=" + "%C3%A9".repeat(20) + p + "&port=1", HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("info_hash empty", "info_hash=" + p + "&port=1", HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("info_hash twice", BASE + "&info_hash=" + HASH, HttpRefusal.INVALID_INFO_HASH),
                Arguments.of("no peer_id", h + "&port=1", HttpRefusal.INVALID_PEER_ID),
                Arguments.of("peer_id 19 bytes", h + "&peer_id=" + "x".repeat(19) + "&port=1", HttpRefusal.INVALID_PEER_ID),
                Arguments.of("peer_id 21 bytes", h + "&peer_id=" + "x".repeat(21) + "&port=1", HttpRefusal.INVALID_PEER_ID),
                Arguments.of("peer_id twice", BASE + "&peer_id=" + PEER, HttpRefusal.INVALID_PEER_ID),
                Arguments.of("no port", h + p, HttpRefusal.INVALID_PORT),
                Arguments.of("port empty", h + p + "&port=", HttpRefusal.INVALID_PORT),
                Arguments.of("port 0", h + p + "&port=0", HttpRefusal.INVALID_PORT),
                Arguments.of("port 65536", h + p + "&port=65536", HttpRefusal.INVALID_PORT),
                Arguments.of("port negative", h + p + "&port=-1", HttpRefusal.INVALID_PORT),
                Arguments.of("port with a plus", h + p + "&port=%2B80", HttpRefusal.INVALID_PORT),
                Arguments.of("port with a space", h + p + "&port=80+", HttpRefusal.INVALID_PORT),
                Arguments.of("port hex", h + p + "&port=0x50", HttpRefusal.INVALID_PORT),
                Arguments.of("port 6 digits", h + p + "&port=000080", HttpRefusal.INVALID_PORT),
                Arguments.of("port text", h + p + "&port=http", HttpRefusal.INVALID_PORT),
                Arguments.of("uploaded negative", BASE + "&uploaded=-1", HttpRefusal.INVALID_UPLOADED),
                Arguments.of("downloaded text", BASE + "&downloaded=lots", HttpRefusal.INVALID_DOWNLOADED),
                Arguments.of("left negative", BASE + "&left=-5", HttpRefusal.INVALID_LEFT),
                Arguments.of("left fraction", BASE + "&left=1.5", HttpRefusal.INVALID_LEFT),
                Arguments.of("left exponent", BASE + "&left=1e9", HttpRefusal.INVALID_LEFT),
                Arguments.of("left past a long", BASE + "&left=9223372036854775808", HttpRefusal.INVALID_LEFT),
                Arguments.of("left 20 digits", BASE + "&left=00000000000000000001", HttpRefusal.INVALID_LEFT),
                Arguments.of("unknown event", BASE + "&event=finished", HttpRefusal.INVALID_EVENT),
                Arguments.of("event in capitals", BASE + "&event=STARTED", HttpRefusal.INVALID_EVENT),
                Arguments.of("numwant text", BASE + "&numwant=all", HttpRefusal.INVALID_NUMWANT),
                Arguments.of("numwant -2", BASE + "&numwant=-2", HttpRefusal.INVALID_NUMWANT),
                Arguments.of("numwant fraction", BASE + "&numwant=1.5", HttpRefusal.INVALID_NUMWANT),
                Arguments.of("numwant beyond 64 digits", BASE + "&numwant=" + "9".repeat(65), HttpRefusal.INVALID_NUMWANT),
                Arguments.of("compact 2", BASE + "&compact=2", HttpRefusal.INVALID_COMPACT),
                Arguments.of("compact yes", BASE + "&compact=yes", HttpRefusal.INVALID_COMPACT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAnnounces")
    void badInputIsRefusedWithItsReason(String name, String raw, HttpRefusal reason) {
        assertEquals(reason, refusal(raw));
    }
}
