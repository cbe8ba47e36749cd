package dev.rendezvous.tracker.wire;

import jakarta.websocket.Encoder;

/** Writes outbound frames as JSON text with JSON-B. */
public final class OutboundEncoder implements Encoder.Text<OutboundMessage> {

    @Override
    public String encode(OutboundMessage message) {
        return text(message);
    }

    public static String text(OutboundMessage message) {
        return Json.JSONB.toJson(message);
    }
}
