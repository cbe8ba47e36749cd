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
                Arguments.of("{\"action\":\"scrape\",\"info_hash\":5}", FailureReason.INVALID_INFO_HASH, "scrape", null),
                Arguments.of(announce(",\"left\":1e2"), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"left\":1.0"), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"left\":-5"), FailureReason.INVALID_LEFT, "announce", H),
                Arguments.of(announce(",\"left\":9223372036854775808"), FailureReason.INVALID_LEFT, "announce", H));
    }

    /** Not JSON as RFC 8259 (and JSON-P) define it, wherever it occurs in the frame. */
    static Stream<String> malformed() {
        return Stream.of(
                "   ", "-", "{", "[1,2", "{\"a\":1", "\"unterminated", "{\"a\"}", "{\"a\":}", "{\"a\":1 \"b\":2}",
                "{\"a\":1,\"action\":\"scrape\"", "{'action':'scrape'}", "{action:\"scrape\"}", "{,}", "{\"action\":\"scrape\",}",
                "\uFEFF{\"action\":\"scrape\"}", "\u00A0{\"action\":\"scrape\"}",
                announce(",\"x\":[1,]"), announce(",\"x\":{\"a\":1,}"), announce(",,\"x\":1"), announce(",\"x\" 1"),
                announce(",\"x\":tru"), announce(",\"x\":True"), announce(",\"x\":nul"), announce(",\"x\":undefined"),
                announce(",\"x\":\"\u0001\""), announce(",\"x\":\"\\x\""), announce(",\"x\":\"\\u12\""),
                announce(",\"x\":\"\\uZZZZ\""), announce(",\"x\":\"\\u\uFF10\uFF10\uFF16\uFF18\""),
                announce(",\"left\":01"), announce(",\"left\":00"), announce(",\"left\":1."), announce(",\"left\":.5"),
                announce(",\"left\":+1"), announce(",\"left\":1e"), announce(",\"left\":0x1"), announce(",\"x\":1.e5"),
                announce(",\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0}],\"offer_id\":\"o\"}]"),
                // numbers JSON-P would not make a BigDecimal of: too long, or an exponent out of range
                announce(",\"x\":" + "1".repeat(1101)), announce(",\"x\":-" + "1".repeat(1100)),
                announce(",\"x\":0." + "1".repeat(1099)), announce(",\"x\":1e2147483648"), announce(",\"x\":0e99999999999"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedJsonAnywhereIsInvalidJson(String frame) {
        assertEquals(InboundMessage.Invalid.of(FailureReason.INVALID_JSON), parser.parse(frame));
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
        assertEquals("v=0\r\n", jsonp(a.offers().get(0).offer().json()).asJsonObject().getString("sdp"));
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
    void duplicateKeysKeepTheLastOneAsJsonPsTreeDid() {
        assertInstanceOf(InboundMessage.Scrape.class, parser.parse(announce(",\"action\":\"scrape\"")));
        assertInstanceOf(InboundMessage.Announce.class,
                parser.parse("{\"action\":\"scrape\",\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P + "\"}"));
        assertEquals(3, ((InboundMessage.Announce) parser.parse(announce(",\"left\":\"x\",\"left\":3"))).left());
        assertEquals(FailureReason.INVALID_LEFT, ((InboundMessage.Invalid) parser.parse(announce(",\"left\":1,\"left\":\"x\""))).reason());
        assertEquals(FailureReason.INVALID_OFFERS, ((InboundMessage.Invalid) parser.parse(
                announce(",\"offers\":[{\"offer\":{},\"offer_id\":\"o\",\"offer_id\":\"\"}]"))).reason());
        InboundMessage.Announce twice = (InboundMessage.Announce) parser.parse(announce(
                ",\"offers\":\"x\",\"offers\":[{\"offer_id\":\"\",\"offer\":{\"a\":1},\"offer_id\":\"o\",\"offer\":{\"a\":2}}]"));
        assertEquals("o", twice.offers().get(0).offerId());
        assertEquals(jsonp("{\"a\":2}"), jsonp(twice.offers().get(0).offer().toString()));
    }

    /** JSON-P's reader stopped after the first value: whatever follows it was never read, and still is not. */
    @Test
    void textAfterTheFirstValueIsIgnoredAsJsonPDid() {
        assertInstanceOf(InboundMessage.Announce.class, parser.parse(announce("") + " garbage"));
        assertInstanceOf(InboundMessage.Announce.class, parser.parse(announce("") + "}"));
        assertInstanceOf(InboundMessage.Scrape.class, parser.parse("{\"action\":\"scrape\"}{\"action\":\"announce\""));
        assertEquals(FailureReason.NOT_AN_OBJECT, ((InboundMessage.Invalid) parser.parse("42x")).reason());
        assertEquals(FailureReason.NOT_AN_OBJECT, ((InboundMessage.Invalid) parser.parse("[1] {")).reason());
        assertEquals(FailureReason.NOT_AN_OBJECT, ((InboundMessage.Invalid) parser.parse("nullx")).reason());
        assertInstanceOf(InboundMessage.Scrape.class, parser.parse(" \t\r\n{ \"action\" : \"scrape\" , \"info_hash\" : [ ] }\n"));
    }

    /** JSON-P's limit: 999 nested objects and arrays pass, 1000 are invalid JSON; far deeper input must not crash. */
    @Test
    void nestingDepthIsBoundedLikeJsonPs() {
        String deepest = "[".repeat(998) + "]".repeat(998);
        assertInstanceOf(InboundMessage.Scrape.class, parser.parse("{\"x\":" + deepest + ",\"action\":\"scrape\"}"));
        assertEquals(FailureReason.INVALID_JSON,
                ((InboundMessage.Invalid) parser.parse("{\"x\":[" + deepest + "],\"action\":\"scrape\"}")).reason());
        assertEquals(FailureReason.NOT_AN_OBJECT, ((InboundMessage.Invalid) parser.parse("[" + deepest + "]")).reason());
        assertEquals(FailureReason.INVALID_JSON, ((InboundMessage.Invalid) parser.parse("[[" + deepest + "]]")).reason());

        String sdp = "{\"a\":" + "{\"a\":".repeat(994) + "[]" + "}".repeat(995);
        InboundMessage.Announce deepOffer = (InboundMessage.Announce) parser.parse(
                announce(",\"offers\":[{\"offer\":" + sdp + ",\"offer_id\":\"o\"}]"));
        assertEquals(jsonp(sdp), jsonp(deepOffer.offers().get(0).offer().toString()));
        assertEquals(FailureReason.INVALID_JSON, ((InboundMessage.Invalid) parser.parse(
                announce(",\"offers\":[{\"offer\":{\"a\":" + sdp + "},\"offer_id\":\"o\"}]"))).reason());

        for (String deep : new String[]{"[".repeat(200_000), "{\"a\":".repeat(200_000), "[{\"a\":".repeat(100_000)}) {
            assertEquals(FailureReason.INVALID_JSON, ((InboundMessage.Invalid) parser.parse(deep)).reason());
            assertEquals(FailureReason.INVALID_JSON,
                    ((InboundMessage.Invalid) parser.parse(announce(",\"offers\":[{\"offer\":" + deep))).reason());
            assertEquals(FailureReason.INVALID_JSON,
                    ((InboundMessage.Invalid) parser.parse(announce(",\"x\":" + deep + "1" + "]".repeat(200_000)))).reason());
        }
    }

    /** {@code left} is whole when JSON-P's JsonNumber said so: a BigDecimal of scale 0, so 1.5e1 is 15 and 1e2 is not. */
    @Test
    void numbersAreReadAsJsonPReadThem() {
        assertEquals(10, ((InboundMessage.Announce) parser.parse(announce(",\"left\":10e0"))).left());
        assertEquals(15, ((InboundMessage.Announce) parser.parse(announce(",\"left\":1.5e1"))).left());
        assertEquals(1, ((InboundMessage.Announce) parser.parse(announce(",\"left\":1E+0"))).left());
        assertEquals(1, ((InboundMessage.Announce) parser.parse(announce(",\"left\":1e-00000000000000000000"))).left());
        assertEquals(0, ((InboundMessage.Announce) parser.parse(announce(",\"left\":-0"))).left());
        assertEquals(123456789012345678L, ((InboundMessage.Announce) parser.parse(announce(",\"left\":123456789012345678"))).left());
        assertEquals(Long.MAX_VALUE, ((InboundMessage.Announce) parser.parse(announce(",\"left\":922337203685477580.7e1"))).left());
        for (String number : new String[]{"1".repeat(1100), "-" + "1".repeat(1099), "0." + "1".repeat(1098), "1E400", "-0.0e-5",
                "1e2147483647", "1e-2147483647", "1e00000000000000000001"}) {
            assertInstanceOf(InboundMessage.Announce.class, parser.parse(announce(",\"numwant\":" + number)), number);
        }
    }

    @Test
    void escapedKeysAndStringsAreDecoded() {
        assertInstanceOf(InboundMessage.Scrape.class, parser.parse("{\"\\u0061ction\":\"scr\\u0061pe\"}"));
        assertEquals(java.util.List.of(H), ((InboundMessage.Scrape) parser.parse(
                "{\"action\":\"scrape\",\"info_hash\":\"" + "\\u0068".repeat(20) + "\"}")).infoHashes());
        assertEquals("\u00ff\"\\/\b\f\n\r\t".repeat(2) + "\u0000".repeat(2), ((InboundMessage.Announce) parser.parse(
                "{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + "\\u00FF\\\"\\\\\\/\\b\\f\\n\\r\\t".repeat(2)
                        + "\\u0000\\u0000\"}")).peerId());
        assertEquals(FailureReason.INVALID_INFO_HASH, ((InboundMessage.Invalid) parser.parse(
                "{\"action\":\"scrape\",\"info_hash\":\"" + "\\u0100".repeat(20) + "\"}")).reason());
        assertEquals(FailureReason.INVALID_INFO_HASH, ((InboundMessage.Invalid) parser.parse(
                "{\"action\":\"scrape\",\"info_hash\":\"" + "\\uD800".repeat(20) + "\"}")).reason());
    }

    /** The SDP objects are forwarded, so whatever they hold must read back the same on the other peer. */
    @Test
    void sdpObjectsKeepTheirMeaningEscapesNumbersAndAll() {
        String sdp = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\","
                + "\"escapes\":\"\\u00e9\\ud83d\\ude00 \\/ \\u2028 \\\" \\\\ \\u0000\",\"raw\":\"\u00e9\uD83D\uDE00\u2028\u007f\","
                + "\"n\":[1.5e3,-0,0.10,1E400,true,false,null,{},[]], \"dup\":1,\"dup\":2 ,\"\\u0061\":{ }}";
        InboundMessage.Announce offer = (InboundMessage.Announce) parser.parse(
                announce(",\"offers\":[{\"offer_id\":\"o\",\"offer\":" + sdp + "}]"));
        assertEquals(jsonp(sdp), jsonp(offer.offers().get(0).offer().toString()));
        assertEquals("\u00e9\uD83D\uDE00 / \u2028 \" \\ \u0000",
                jsonp(offer.offers().get(0).offer().toString()).asJsonObject().getString("escapes"));

        InboundMessage.Answer answer = (InboundMessage.Answer) parser.parse(
                announce(",\"answer\":" + sdp + ",\"to_peer_id\":\"" + Q + "\",\"offer_id\":\"o\""));
        assertEquals(jsonp(sdp), jsonp(answer.answer().toString()));
        OutboundMessage.ForwardedAnswer forwarded = new OutboundMessage.ForwardedAnswer(H, P, "o", answer.answer());
        assertEquals(jsonp(sdp), jsonp(OutboundEncoder.text(forwarded)).asJsonObject().get("answer"));
    }

    @Test
    void bigOffersPassWhole() {
        StringBuilder frame = new StringBuilder(",\"offers\":[");
        String sdp = "{\"type\":\"offer\",\"sdp\":\"" + "a=candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host\\r\\n".repeat(2_000) + "\"}";
        for (int i = 0; i < 5; i++) {
            frame.append(i == 0 ? "" : ",").append("{\"offer\":").append(sdp).append(",\"offer_id\":\"offer").append(i).append("\"}");
        }
        InboundMessage.Announce a = (InboundMessage.Announce) parser.parse(announce(frame.append(']').toString()));
        assertEquals(5, a.offers().size());
        for (int i = 0; i < 5; i++) {
            assertEquals("offer" + i, a.offers().get(i).offerId());
            assertEquals(jsonp(sdp), jsonp(a.offers().get(i).offer().toString()));
        }
    }

    private static jakarta.json.JsonValue jsonp(String json) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
            return reader.readValue();
        }
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
