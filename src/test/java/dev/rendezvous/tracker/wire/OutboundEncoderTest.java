package dev.rendezvous.tracker.wire;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutboundEncoderTest {
    private static final String H = "h".repeat(20);
    private static final String P = "p".repeat(20);

    @Test
    void announceResponseHasTheReferenceShapeAndNoPeersKey() {
        assertEquals("{\"action\":\"announce\",\"interval\":120,\"info_hash\":\"" + H + "\",\"complete\":1,\"incomplete\":2}",
                OutboundEncoder.text(new OutboundMessage.AnnounceResponse(120, H, 1, 2)));
    }

    @Test
    void forwardedOfferAndAnswerCarryTheSdpObjectVerbatim() {
        var sdp = new RawJson("{ \"type\": \"offer\", \"sdp\": \"v=0\\r\\na=x\\r\\n\\u00e9\", \"extra\": [1, null] }");
        assertEquals("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P
                        + "\",\"offer_id\":\"o1\",\"offer\":{ \"type\": \"offer\", \"sdp\": \"v=0\\r\\na=x\\r\\n\\u00e9\", \"extra\": [1, null] }}",
                OutboundEncoder.text(new OutboundMessage.ForwardedOffer(H, P, "o1", sdp)));
        var answer = new RawJson("{\"type\":\"answer\",\"sdp\":\"s\"}");
        assertEquals("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P
                        + "\",\"offer_id\":\"o1\",\"answer\":{\"type\":\"answer\",\"sdp\":\"s\"}}",
                OutboundEncoder.text(new OutboundMessage.ForwardedAnswer(H, P, "o1", answer)));
    }

    /** The hot frames are written by hand; they must read back exactly as JSON-B's do, for any binary string. JSON-B
     *  writes a {@link RawJson} as the object it holds (its serializer re-parses it), so the SDP objects compare too. */
    @Test
    void handWrittenFramesParseToTheSameValuesAsJsonB() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            every.append(c);
        }
        String binary = every.append("\u2028\uD83D\uDE00\"\\").toString();
        var sdp = new RawJson(Json.createObjectBuilder().add("type", "offer").add("sdp", binary).build().toString());
        for (OutboundMessage message : java.util.List.of(
                new OutboundMessage.AnnounceResponse(120, binary, 0, 7),
                new OutboundMessage.ForwardedOffer(binary, binary, binary, sdp),
                new OutboundMessage.ForwardedAnswer(binary, binary, binary, sdp))) {
            assertEquals(parse(dev.rendezvous.tracker.wire.Json.JSONB.toJson(message)), parse(OutboundEncoder.text(message)),
                    message.getClass().getSimpleName());
        }
    }

    @Test
    void jsonBWritesRawJsonAsTheObjectItHolds() {
        assertEquals("{\"a\":[1,null]}", dev.rendezvous.tracker.wire.Json.JSONB.toJson(new RawJson("{ \"a\" : [1, null] }")));
        assertEquals("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P + "\",\"offer_id\":\"o\",\"offer\":{\"a\":[1,null]}}",
                dev.rendezvous.tracker.wire.Json.JSONB.toJson(new OutboundMessage.ForwardedOffer(H, P, "o", new RawJson("{ \"a\" : [1, null] }"))));
    }

    private static jakarta.json.JsonValue parse(String json) {
        try (var reader = Json.createReader(new java.io.StringReader(json))) {
            return reader.readValue();
        }
    }

    @Test
    void scrapeResponseListsEachRequestedRoom() {
        Map<String, OutboundMessage.ScrapeFile> files = new LinkedHashMap<>();
        files.put(H, new OutboundMessage.ScrapeFile(1, 2, 3));
        assertEquals("{\"action\":\"scrape\",\"files\":{\"" + H
                        + "\":{\"complete\":1,\"incomplete\":2,\"downloaded\":3}},\"flags\":{\"min_request_interval\":120}}",
                OutboundEncoder.text(new OutboundMessage.ScrapeResponse(files, 120)));
    }
}
