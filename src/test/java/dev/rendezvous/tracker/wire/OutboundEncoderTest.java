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
        var sdp = Json.createObjectBuilder().add("type", "offer").add("sdp", "v=0\r\na=x\r\n")
                .add("extra", Json.createArrayBuilder().add(1).addNull()).build();
        assertEquals("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P
                        + "\",\"offer_id\":\"o1\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\na=x\\r\\n\",\"extra\":[1,null]}}",
                OutboundEncoder.text(new OutboundMessage.ForwardedOffer(H, P, "o1", sdp)));
        var answer = Json.createObjectBuilder().add("type", "answer").add("sdp", "s").build();
        assertEquals("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + P
                        + "\",\"offer_id\":\"o1\",\"answer\":{\"type\":\"answer\",\"sdp\":\"s\"}}",
                OutboundEncoder.text(new OutboundMessage.ForwardedAnswer(H, P, "o1", answer)));
    }

    /** The hot frames are written by hand; they must read back exactly as JSON-B's do, for any binary string. */
    @Test
    void handWrittenFramesParseToTheSameValuesAsJsonB() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            every.append(c);
        }
        String binary = every.append("\u2028\uD83D\uDE00\"\\").toString();
        var sdp = Json.createObjectBuilder().add("type", "offer").add("sdp", binary).build();
        for (OutboundMessage message : java.util.List.of(
                new OutboundMessage.AnnounceResponse(120, binary, 0, 7),
                new OutboundMessage.ForwardedOffer(binary, binary, binary, sdp),
                new OutboundMessage.ForwardedAnswer(binary, binary, binary, sdp))) {
            assertEquals(parse(dev.rendezvous.tracker.wire.Json.JSONB.toJson(message)), parse(OutboundEncoder.text(message)),
                    message.getClass().getSimpleName());
        }
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
