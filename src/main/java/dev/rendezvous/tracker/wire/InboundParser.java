package dev.rendezvous.tracker.wire;

import dev.rendezvous.tracker.wire.FrameMembers.OfferEntry;
import dev.rendezvous.tracker.wire.JsonScanner.Token;
import jakarta.json.JsonValue.ValueType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a client frame into an {@link InboundMessage}. One pass of a {@link JsonScanner} checks the whole frame and
 * finds the members the protocol reads ({@link FrameMembers}), building no JSON tree; then each member gets its
 * type check with its own failure reason. The SDP objects of offers and answers pass through as the text the client
 * sent ({@link RawJson}), which the scanner has checked to be one complete object. Frames are judged as JSON-P's tree
 * reader judged them before (see {@link JsonScanner}). It never throws on input: anything it cannot serve becomes
 * {@link InboundMessage.Invalid}. Thread-safe.
 */
public final class InboundParser {
    private static final String ANNOUNCE = "announce";
    private static final String SCRAPE = "scrape";

    public InboundMessage parse(String text) {
        JsonScanner json = new JsonScanner(text);
        if (!json.atObject()) {
            return InboundMessage.Invalid.of(json.value() == null ? FailureReason.INVALID_JSON : FailureReason.NOT_AN_OBJECT);
        }
        FrameMembers message = FrameMembers.read(json);
        if (message == null) {
            return InboundMessage.Invalid.of(FailureReason.INVALID_JSON);
        }
        return parse(message);
    }

    /** A binary frame must hold the same JSON as a text frame, in strict UTF-8. */
    public InboundMessage parse(ByteBuffer frame) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(frame)
                    .toString();
        } catch (CharacterCodingException e) {
            return InboundMessage.Invalid.of(FailureReason.INVALID_UTF8);
        }
        return parse(text);
    }

    private InboundMessage parse(FrameMembers message) {
        String action = string(message, message.action);
        if (ANNOUNCE.equals(action)) {
            return announce(message);
        }
        if (SCRAPE.equals(action)) {
            return scrape(message);
        }
        return InboundMessage.Invalid.of(FailureReason.INVALID_ACTION);
    }

    private InboundMessage announce(FrameMembers message) {
        String infoHash = string(message, message.infoHash);
        if (infoHash == null || !BinaryString.isId(infoHash)) {
            return new InboundMessage.Invalid(FailureReason.INVALID_INFO_HASH, ANNOUNCE, null);
        }
        String peerId = string(message, message.peerId);
        if (peerId == null || !BinaryString.isId(peerId)) {
            return invalidAnnounce(FailureReason.INVALID_PEER_ID, infoHash);
        }
        if (message.answer != null) {
            return answer(message, infoHash, peerId);
        }

        Event event = Event.UPDATE;
        if (!isAbsent(message.event)) {
            String name = string(message, message.event);
            event = name == null ? null : Event.fromWire(name).orElse(null);
            if (event == null) {
                return invalidAnnounce(FailureReason.INVALID_EVENT, infoHash);
            }
        }

        long left = InboundMessage.LEFT_UNKNOWN;
        if (!isAbsent(message.left)) {
            left = message.left.type() == ValueType.NUMBER ? message.json.nonNegativeLong(message.left) : -1;
            if (left < 0) {
                return invalidAnnounce(FailureReason.INVALID_LEFT, infoHash);
            }
        }

        List<Offer> offers = List.of();
        if (message.offersType != null && message.offersType != ValueType.NULL) {
            offers = offers(message);
            if (offers == null) {
                return invalidAnnounce(FailureReason.INVALID_OFFERS, infoHash);
            }
        }
        return new InboundMessage.Announce(infoHash, peerId, event, left, offers);
    }

    private InboundMessage answer(FrameMembers message, String infoHash, String peerId) {
        RawJson answer = object(message, message.answer);
        if (answer == null) {
            return invalidAnnounce(FailureReason.INVALID_ANSWER, infoHash);
        }
        String toPeerId = string(message, message.toPeerId);
        if (toPeerId == null || !BinaryString.isId(toPeerId)) {
            return invalidAnnounce(FailureReason.INVALID_TO_PEER_ID, infoHash);
        }
        String offerId = string(message, message.offerId);
        if (offerId == null || !BinaryString.isOfferId(offerId)) {
            return invalidAnnounce(FailureReason.INVALID_OFFER_ID, infoHash);
        }
        return new InboundMessage.Answer(infoHash, peerId, toPeerId, offerId, answer);
    }

    private InboundMessage scrape(FrameMembers message) {
        Token raw = message.infoHash;
        if (isAbsent(raw)) {
            return new InboundMessage.Scrape(List.of(), true);
        }
        List<Token> items = raw.type() == ValueType.ARRAY ? message.json.elements(raw) : List.of(raw);
        List<String> hashes = new ArrayList<>(items.size());
        for (Token item : items) {
            String hash = string(message, item);
            if (hash == null || !BinaryString.isId(hash)) {
                return new InboundMessage.Invalid(FailureReason.INVALID_INFO_HASH, SCRAPE, null);
            }
            hashes.add(hash);
        }
        return new InboundMessage.Scrape(List.copyOf(hashes), false);
    }

    /** @return the offers, or null when {@code offers} is not an array or any entry is malformed */
    private static List<Offer> offers(FrameMembers message) {
        if (message.offersType != ValueType.ARRAY) {
            return null;
        }
        List<Offer> offers = new ArrayList<>(message.offerEntries.size());
        for (OfferEntry entry : message.offerEntries) {
            RawJson sdp = object(message, entry.offer());
            if (sdp == null) {
                return null;
            }
            String offerId = string(message, entry.offerId());
            if (offerId == null || !BinaryString.isOfferId(offerId)) {
                return null;
            }
            offers.add(new Offer(offerId, sdp));
        }
        return offers;
    }

    private static InboundMessage.Invalid invalidAnnounce(FailureReason reason, String infoHash) {
        return new InboundMessage.Invalid(reason, ANNOUNCE, infoHash);
    }

    /** Absent, or JSON {@code null}. */
    private static boolean isAbsent(Token value) {
        return value == null || value.type() == ValueType.NULL;
    }

    private static String string(FrameMembers message, Token value) {
        return value != null && value.type() == ValueType.STRING ? message.json.string(value) : null;
    }

    private static RawJson object(FrameMembers message, Token value) {
        return value != null && value.type() == ValueType.OBJECT ? new RawJson(message.json.slice(value)) : null;
    }
}
