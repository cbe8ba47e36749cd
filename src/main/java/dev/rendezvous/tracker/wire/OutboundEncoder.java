package dev.rendezvous.tracker.wire;

/**
 * Writes outbound frames as JSON text. The three frames of the hot path (announce responses, forwarded offers and
 * answers) are written directly: through JSON-B they cost 9 to 24 % of the tracker's frames per second (see
 * docs/benchmarks-findings.md). The rare ones (scrape responses, errors) go through JSON-B, which also defines the
 * shape all of them follow (see {@link OutboundMessage}); a test holds the hand-written ones to JSON-B's output.
 */
public final class OutboundEncoder {

    private OutboundEncoder() {
    }

    public static String text(OutboundMessage message) {
        if (message instanceof OutboundMessage.AnnounceResponse r) {
            StringBuilder json = new StringBuilder(96).append("{\"action\":\"announce\",\"interval\":").append(r.interval())
                    .append(",\"info_hash\":");
            return string(json, r.infoHash()).append(",\"complete\":").append(r.complete())
                    .append(",\"incomplete\":").append(r.incomplete()).append('}').toString();
        }
        if (message instanceof OutboundMessage.ForwardedOffer o) {
            return forwarded(o.infoHash(), o.peerId(), o.offerId(), "offer", o.offer().json());
        }
        if (message instanceof OutboundMessage.ForwardedAnswer a) {
            return forwarded(a.infoHash(), a.peerId(), a.offerId(), "answer", a.answer().json());
        }
        return Json.JSONB.toJson(message);
    }

    private static String forwarded(String infoHash, String peerId, String offerId, String key, String sdpObject) {
        StringBuilder json = new StringBuilder(96 + sdpObject.length()).append("{\"action\":\"announce\",\"info_hash\":");
        string(json, infoHash).append(",\"peer_id\":");
        string(json, peerId).append(",\"offer_id\":");
        return string(json, offerId).append(",\"").append(key).append("\":").append(sdpObject).append('}').toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped, everything else (binary strings too) as is. */
    static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
