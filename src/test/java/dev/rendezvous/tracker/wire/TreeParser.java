package dev.rendezvous.tracker.wire;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parser as it was before {@link InboundParser} streamed: a JSON-P tree, then the checks. Kept, unchanged but for
 * wrapping the SDP objects in {@link RawJson}, as the reference that {@link InboundParserDifferentialTest} holds the
 * streaming parser to.
 */
final class TreeParser {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String ANNOUNCE = "announce";
    private static final String SCRAPE = "scrape";

    public InboundMessage parse(String text) {
        JsonValue value;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // JsonException for syntax; Parsson's nesting-depth guard throws a plain RuntimeException.
            return InboundMessage.Invalid.of(FailureReason.INVALID_JSON);
        }
        if (!(value instanceof JsonObject object)) {
            return InboundMessage.Invalid.of(FailureReason.NOT_AN_OBJECT);
        }
        return parse(object);
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

    private InboundMessage parse(JsonObject message) {
        String action = string(message.get("action"));
        if (ANNOUNCE.equals(action)) {
            return announce(message);
        }
        if (SCRAPE.equals(action)) {
            return scrape(message);
        }
        return InboundMessage.Invalid.of(FailureReason.INVALID_ACTION);
    }

    private InboundMessage announce(JsonObject message) {
        String infoHash = string(message.get("info_hash"));
        if (infoHash == null || !BinaryString.isId(infoHash)) {
            return new InboundMessage.Invalid(FailureReason.INVALID_INFO_HASH, ANNOUNCE, null);
        }
        String peerId = string(message.get("peer_id"));
        if (peerId == null || !BinaryString.isId(peerId)) {
            return invalidAnnounce(FailureReason.INVALID_PEER_ID, infoHash);
        }
        if (message.containsKey("answer")) {
            return answer(message, infoHash, peerId);
        }

        Event event = Event.UPDATE;
        JsonValue rawEvent = message.get("event");
        if (!isAbsent(rawEvent)) {
            String name = string(rawEvent);
            event = name == null ? null : Event.fromWire(name).orElse(null);
            if (event == null) {
                return invalidAnnounce(FailureReason.INVALID_EVENT, infoHash);
            }
        }

        long left = InboundMessage.LEFT_UNKNOWN;
        JsonValue rawLeft = message.get("left");
        if (!isAbsent(rawLeft)) {
            left = nonNegativeLong(rawLeft);
            if (left < 0) {
                return invalidAnnounce(FailureReason.INVALID_LEFT, infoHash);
            }
        }

        List<Offer> offers = List.of();
        JsonValue rawOffers = message.get("offers");
        if (!isAbsent(rawOffers)) {
            offers = offers(rawOffers);
            if (offers == null) {
                return invalidAnnounce(FailureReason.INVALID_OFFERS, infoHash);
            }
        }
        return new InboundMessage.Announce(infoHash, peerId, event, left, offers);
    }

    private InboundMessage answer(JsonObject message, String infoHash, String peerId) {
        if (!(message.get("answer") instanceof JsonObject answer)) {
            return invalidAnnounce(FailureReason.INVALID_ANSWER, infoHash);
        }
        String toPeerId = string(message.get("to_peer_id"));
        if (toPeerId == null || !BinaryString.isId(toPeerId)) {
            return invalidAnnounce(FailureReason.INVALID_TO_PEER_ID, infoHash);
        }
        String offerId = string(message.get("offer_id"));
        if (offerId == null || !BinaryString.isOfferId(offerId)) {
            return invalidAnnounce(FailureReason.INVALID_OFFER_ID, infoHash);
        }
        return new InboundMessage.Answer(infoHash, peerId, toPeerId, offerId, new RawJson(answer.toString()));
    }

    private InboundMessage scrape(JsonObject message) {
        JsonValue raw = message.get("info_hash");
        if (isAbsent(raw)) {
            return new InboundMessage.Scrape(List.of(), true);
        }
        List<String> hashes = new ArrayList<>();
        if (raw instanceof JsonArray array) {
            for (JsonValue item : array) {
                String hash = string(item);
                if (hash == null || !BinaryString.isId(hash)) {
                    return new InboundMessage.Invalid(FailureReason.INVALID_INFO_HASH, SCRAPE, null);
                }
                hashes.add(hash);
            }
        } else {
            String hash = string(raw);
            if (hash == null || !BinaryString.isId(hash)) {
                return new InboundMessage.Invalid(FailureReason.INVALID_INFO_HASH, SCRAPE, null);
            }
            hashes.add(hash);
        }
        return new InboundMessage.Scrape(List.copyOf(hashes), false);
    }

    /** @return the offers, or null when any entry is malformed */
    private static List<Offer> offers(JsonValue raw) {
        if (!(raw instanceof JsonArray array)) {
            return null;
        }
        List<Offer> offers = new ArrayList<>(array.size());
        for (JsonValue item : array) {
            if (!(item instanceof JsonObject entry) || !(entry.get("offer") instanceof JsonObject sdp)) {
                return null;
            }
            String offerId = string(entry.get("offer_id"));
            if (offerId == null || !BinaryString.isOfferId(offerId)) {
                return null;
            }
            offers.add(new Offer(offerId, new RawJson(sdp.toString())));
        }
        return offers;
    }

    private static InboundMessage.Invalid invalidAnnounce(FailureReason reason, String infoHash) {
        return new InboundMessage.Invalid(reason, ANNOUNCE, infoHash);
    }

    private static boolean isAbsent(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }

    private static String string(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }

    /** @return the value, or -1 when it is not a whole number in 0..Long.MAX_VALUE */
    private static long nonNegativeLong(JsonValue value) {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            return -1;
        }
        try {
            return Math.max(-1, number.longValueExact());
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
    }
}
