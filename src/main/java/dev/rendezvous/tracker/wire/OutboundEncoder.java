package dev.rendezvous.tracker.wire;

/** Writes outbound frames as JSON text with JSON-B. */
public final class OutboundEncoder {

    private OutboundEncoder() {
    }

    public static String text(OutboundMessage message) {
        return Json.JSONB.toJson(message);
    }
}
