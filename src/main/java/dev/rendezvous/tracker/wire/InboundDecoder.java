package dev.rendezvous.tracker.wire;

import jakarta.websocket.Decoder;

/** Text frames to {@link InboundMessage}; never rejects a frame, so bad input reaches the endpoint as a value. */
public final class InboundDecoder implements Decoder.Text<InboundMessage> {
    private static final InboundParser PARSER = new InboundParser();

    @Override
    public InboundMessage decode(String text) {
        return PARSER.parse(text);
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }
}
