package dev.rendezvous.tracker.wire;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The streaming parser against the JSON-P tree parser it replaced ({@link TreeParser}), on frames mutated and put
 * together at random: the same message or failure for every one, and the SDP objects the same JSON.
 */
class InboundParserDifferentialTest {
    private static final String H = "h".repeat(20);
    private static final String P = "p".repeat(20);
    private static final String Q = "q".repeat(20);
    private static final String SDP = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611 2 IN IP4 127.0.0.1\\r\\na=x:\\u00e9\\ud83d\\ude00\\/\\\"\"}";
    private static final List<String> SEEDS = List.of(
            "{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P + "\",\"numwant\":50,\"uploaded\":0,"
                    + "\"downloaded\":0,\"left\":1024,\"event\":\"started\",\"offers\":[{\"offer\":" + SDP + ",\"offer_id\":\"o1\"},"
                    + "{\"offer\":{\"type\":\"offer\",\"sdp\":\"s\",\"n\":[1.5e3,-0,true,false,null,{},[]]},\"offer_id\":\"\\u00ffo2\"}]}",
            "{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P + "\",\"to_peer_id\":\"" + Q
                    + "\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"},\"offer_id\":\"o1\"}",
            "{\"action\":\"scrape\",\"info_hash\":[\"" + H + "\",\"" + "\\u0068".repeat(20) + "\"]}",
            "{ \"action\" : \"announce\" , \"info_hash\" : \"" + H + "\" , \"peer_id\" : \"" + P + "\" , \"left\" : 1.5e1 , \"event\" : null }",
            "[1, \"x\", {\"a\": [true, false, null, -0.5E-3]}]");
    private static final String MUTATIONS = "{}[]\":,\\ \t\n tfnulrse0123456789-+.Ee/ub\u0000\u001f\u00e9\ud800";
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", ",", ":", "\"action\"", "\"announce\"",
            "\"scrape\"", "\"info_hash\"", "\"peer_id\"", "\"" + H + "\"", "\"" + P + "\"", "\"offers\"", "\"offer\"", "\"offer_id\"",
            "\"answer\"", "\"to_peer_id\"", "\"left\"", "\"event\"", "\"empty\"", "\"o\"", "\"\"", "0", "-0", "7", "1e2", "2.5",
            "null", "true", "{}", "[]", SDP, " ");

    private final InboundParser parser = new InboundParser();
    private final TreeParser tree = new TreeParser();

    @Test
    void mutatedFramesParseAsTheTreeParserParsedThem() {
        Random random = new Random(20260301);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder frame = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            for (int m = 1 + random.nextInt(3); m > 0 && !frame.isEmpty(); m--) {
                mutate(frame, random);
            }
            assertSame(frame.toString());
        }
    }

    @Test
    void framesPutTogetherFromTokensParseAsTheTreeParserParsedThem() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder frame = new StringBuilder("{");
            for (int n = random.nextInt(40); n > 0; n--) {
                frame.append(TOKENS.get(random.nextInt(TOKENS.size())));
            }
            assertSame(frame.toString());
            assertSame(frame.append('}').toString());
        }
    }

    private void assertSame(String frame) {
        assertEquals(comparable(tree.parse(frame)), comparable(parser.parse(frame)), frame);
    }

    private static void mutate(StringBuilder frame, Random random) {
        int at = random.nextInt(frame.length());
        char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        switch (random.nextInt(5)) {
            case 0 -> frame.setCharAt(at, c);
            case 1 -> frame.insert(at, c);
            case 2 -> frame.deleteCharAt(at);
            case 3 -> {
                int end = Math.min(frame.length(), at + 1 + random.nextInt(40));
                frame.insert(random.nextInt(frame.length()), frame.substring(at, end));
            }
            default -> frame.setLength(at);
        }
    }

    /** The message with its SDP objects as JSON values, which compare by meaning rather than by spelling. */
    private static Object comparable(InboundMessage message) {
        if (message instanceof InboundMessage.Announce a) {
            return List.of(a.infoHash(), a.peerId(), a.event(), a.left(),
                    a.offers().stream().map(o -> List.of(o.offerId(), jsonp(o.offer()))).toList());
        }
        if (message instanceof InboundMessage.Answer a) {
            return List.of(a.infoHash(), a.peerId(), a.toPeerId(), a.offerId(), jsonp(a.answer()));
        }
        return message;
    }

    private static Object jsonp(RawJson json) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(json.json()))) {
            return reader.readValue();
        }
    }
}
