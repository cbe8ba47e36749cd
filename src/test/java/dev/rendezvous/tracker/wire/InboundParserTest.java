package dev.rendezvous.tracker.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

class InboundParserTest {
    private static final String H = "h".repeat(20);
    private static final String P = "p".repeat(20);
    private static final String Q = "q".repeat(20);
    private final InboundParser parser = new InboundParser();

    private static String announce(String extra) {
        return "{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P + "\"" + extra + "}";
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("{not json", FailureReason.INVALID_JSON, null, null),
                Arguments.of("", FailureReason.INVALID_JSON, null, null),
                Arguments.of("[".repeat(5000), FailureReason.INVALID_JSON, null, null),
                Arguments.of("null", FailureReason.NOT_AN_OBJECT, null, null),
                Arguments.of("42", FailureReason.NOT_AN_OBJECT, null, null),
                Arguments.of("[1,2]", FailureReason.NOT_AN_OBJECT, null, null),
                Arguments.of("\"announce\"", FailureReason.NOT_AN_OBJECT, null, null),
                Arguments.of("{\"info_hash\":\"" + H + "\"}", FailureReason.INVALID_ACTION, null, null),
                Arguments.of("{\"action\":\"publish\"}", FailureReason.INVALID_ACTION, null, null),
                Arguments.of("{\"action\":7}", FailureReason.INVALID_ACTION, null, null),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":\"" + "h".repeat(19) + "\",\"peer_id\":\"" + P + "\"}",
                        FailureReason.INVALID_INFO_HASH, "announce", null),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":\"" + "h".repeat(21) + "\",\"peer_id\":\"" + P + "\"}",
                        FailureReason.INVALID_INFO_HASH, "announce", null),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":\"" + "h".repeat(19) + "\u0100\",\"peer_id\":\"" + P + "\"}",
                        FailureReason.INVALID_INFO_HASH, "announce", null),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":12345,\"peer_id\":\"" + P + "\"}",
                        FailureReason.INVALID_INFO_HASH, "announce", null),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + "p".repeat(19) + "\"}",
                        FailureReason.INVALID_PEER_ID, "announce", H),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + "p".repeat(21) + "\"}",
                        FailureReason.INVALID_PEER_ID, "announce", H),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + "p".repeat(19) + "\u4e2d\"}",
                        FailureReason.INVALID_PEER_ID, "announce", H),
                Arguments.of("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":[1]}",
                        FailureReason.INVALID_PEER_ID, "announce", H),
                Arguments.of(announce(",\"left\":-1"), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"left\":\"100\""), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"left\":1.5"), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"left\":1e400"), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"left\":99999999999999999999999"), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"event\":\"exploded\""), FailureReason.INVALID_EVENT, "announce", H),
                Arguments.of(announce(",\"event\":3"), FailureReason.INVALID_EVENT, "announce", H),
                Arguments.of(announce(",\"offers\":\"sdp\""), FailureReason.INVALID_OFFERS, "announce", H),
                Arguments.of(announce(",\"offers\":{}"), FailureReason.INVALID_OFFERS, "announce", H),
                Arguments.of(announce(",\"offers\":[null]"), FailureReason.INVALID_OFFERS, "announce", H),
                Arguments.of(announce(",\"offers\":[{}]"), FailureReason.INVALID_OFFERS, "announce", H),
                Arguments.of(announce(",\"offers\":[{\"offer\":{\"type\":\"offer\"}}]"), FailureReason.INVALID_OFFERS, "announce", H),
                Arguments.of(announce(",\"offers\":[{\"offer\":\"x\",\"offer_id\":\"o\"}]"), FailureReason.INVALID_OFFERS, "announce", H),
                Arguments.of(announce(",\"offers\":[{\"offer\":{},\"offer_id\":\"\"}]"), FailureReason.INVALID_OFFERS, "announce", H),
                Arguments.of(announce(",\"answer\":\"sdp\",\"to_peer_id\":\"" + Q + "\",\"offer_id\":\"o\""),
                        FailureReason.INVALID_ANSWER, "announce", H),
                Arguments.of(announce(",\"answer\":{\"type\":\"answer\"},\"offer_id\":\"o\""),
                        FailureReason.INVALID_TO_PEER_ID, "announce", H),
                Arguments.of(announce(",\"answer\":{\"type\":\"answer\"},\"to_peer_id\":\"short\",\"offer_id\":\"o\""),
                        FailureReason.INVALID_TO_PEER_ID, "announce", H),
                Arguments.of(announce(",\"answer\":{\"type\":\"answer\"},\"to_peer_id\":\"" + Q + "\""),
                        FailureReason.INVALID_OFFER_ID, "announce", H),
                Arguments.of("{\"action\":\"scrape\",\"info_hash\":[\"" + H + "\",\"short\"]}", FailureReason.INVALID_INFO_HASH, "scrape", null),
                Arguments.of("{\"action\":\"scrape\",\"info_hash\":[\"" + H + "\",null]}", FailureReason.INVALID_INFO_HASH, "scrape", null),
                Arguments.of("{\"action\":\"scrape\",\"info_hash\":5}", FailureReason.INVALID_INFO_HASH, "scrape", null));
    }

    @ParameterizedTest
    @MethodSource("badFrames")
    void badFramesDecodeToTheDocumentedFailure(String frame, FailureReason reason, String action, String infoHash) {
        InboundMessage.Invalid invalid = assertInstanceOf(InboundMessage.Invalid.class, parser.parse(frame));
        assertEquals(reason, invalid.reason());
        assertEquals(action, invalid.action());
        assertEquals(infoHash, invalid.infoHash());
    }

    @Test
    void binaryFramesWithInvalidUtf8AreRefused() {
        byte[] bad = {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'};
        InboundMessage.Invalid invalid = assertInstanceOf(InboundMessage.Invalid.class, parser.parse(ByteBuffer.wrap(bad)));
        assertEquals(FailureReason.INVALID_UTF8, invalid.reason());
    }

    @Test
    void binaryFramesHoldTheSameJsonAsTextFrames() {
        String frame = announce(",\"left\":0");
        InboundMessage fromBinary = parser.parse(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)));
        assertEquals(parser.parse(frame), fromBinary);
    }

    @Test
    void announceDefaultsAndSeederRules() {
        InboundMessage.Announce plain = assertInstanceOf(InboundMessage.Announce.class, parser.parse(announce("")));
        assertEquals(Event.UPDATE, plain.event());
        assertEquals(InboundMessage.LEFT_UNKNOWN, plain.left());
        assertFalse(plain.seeder());
        assertTrue(plain.offers().isEmpty());

        assertFalse(((InboundMessage.Announce) parser.parse(announce(",\"left\":null,\"event\":\"\""))).seeder());
        assertTrue(((InboundMessage.Announce) parser.parse(announce(",\"left\":0"))).seeder());
        assertTrue(((InboundMessage.Announce) parser.parse(announce(",\"left\":5,\"event\":\"completed\""))).seeder());
        assertEquals(Long.MAX_VALUE, ((InboundMessage.Announce) parser.parse(announce(",\"left\":9223372036854775807"))).left());
        assertEquals(Event.PAUSED, ((InboundMessage.Announce) parser.parse(announce(",\"event\":\"paused\""))).event());
    }

    @Test
    void emptyEventIsAnUpdateAsBep3AndTheReferenceSay() {
        assertEquals(Event.UPDATE, ((InboundMessage.Announce) parser.parse(announce(",\"event\":\"empty\""))).event());
    }

    @Test
    void offersKeepTheirOpaqueSdpAndIdsAndNullOffersMeanNone() {
        InboundMessage.Announce a = (InboundMessage.Announce) parser.parse(announce(
                ",\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\",\"x\":[1,{\"y\":null}]},\"offer_id\":\"\\u0000\\u00ffo\"}]"));
        assertEquals(1, a.offers().size());
        assertEquals("\u0000\u00ffo", a.offers().get(0).offerId());
        assertEquals("v=0\r\n", a.offers().get(0).offer().getString("sdp"));
        assertTrue(((InboundMessage.Announce) parser.parse(announce(",\"offers\":null"))).offers().isEmpty());
    }

    @Test
    void unknownKeysAreIgnored() {
        assertInstanceOf(InboundMessage.Announce.class,
                parser.parse(announce(",\"key\":\"abc\",\"corrupt\":0,\"numwant\":50,\"offers\":[]")));
    }

    @Test
    void answersAndScrapes() {
        InboundMessage.Answer answer = assertInstanceOf(InboundMessage.Answer.class, parser.parse(
                announce(",\"answer\":{\"type\":\"answer\",\"sdp\":\"s\"},\"to_peer_id\":\"" + Q + "\",\"offer_id\":\"oid\"")));
        assertEquals(Q, answer.toPeerId());
        assertEquals("oid", answer.offerId());

        InboundMessage.Scrape all = assertInstanceOf(InboundMessage.Scrape.class, parser.parse("{\"action\":\"scrape\"}"));
        assertTrue(all.allRooms());
        InboundMessage.Scrape one = assertInstanceOf(InboundMessage.Scrape.class,
                parser.parse("{\"action\":\"scrape\",\"info_hash\":\"" + H + "\"}"));
        assertEquals(java.util.List.of(H), one.infoHashes());
        InboundMessage.Scrape none = assertInstanceOf(InboundMessage.Scrape.class,
                parser.parse("{\"action\":\"scrape\",\"info_hash\":[]}"));
        assertFalse(none.allRooms());
        assertTrue(none.infoHashes().isEmpty());
    }

    @Test
    void errorFramesCarryActionAndInfoHashOnlyWhenKnown() {
        assertEquals("{\"failure reason\":\"invalid JSON\"}",
                OutboundEncoder.text(OutboundMessage.ErrorResponse.of(InboundMessage.Invalid.of(FailureReason.INVALID_JSON))));
        assertEquals("{\"failure reason\":\"invalid event\",\"action\":\"announce\",\"info_hash\":\"" + H + "\"}",
                OutboundEncoder.text(OutboundMessage.ErrorResponse.of(
                        new InboundMessage.Invalid(FailureReason.INVALID_EVENT, "announce", H))));
        assertNull(InboundMessage.Invalid.of(FailureReason.INVALID_JSON).action());
    }
}
