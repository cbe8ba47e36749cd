package dev.rendezvous.tracker.wire;

import dev.rendezvous.tracker.wire.JsonScanner.Token;
import jakarta.json.JsonValue.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of a frame's top-level object that the protocol reads, found in one pass over the frame and kept as
 * tokens, unchecked: {@link InboundParser} judges them. A key given twice keeps its last value, as JSON-P's tree
 * did. The entries of {@code offers} are read in the same pass because their SDP objects are most of a frame.
 */
final class FrameMembers {
    /** One element of {@code offers}: its {@code offer} and {@code offer_id}, both null when it is not an object. */
    record OfferEntry(Token offer, Token offerId) {
    }

    final JsonScanner json;
    Token action;
    Token infoHash;
    Token peerId;
    Token toPeerId;
    Token offerId;
    Token event;
    Token left;
    Token answer;
    /** The type of {@code offers} (null when absent), and its elements when it is an array. */
    ValueType offersType;
    List<OfferEntry> offerEntries;

    private FrameMembers(JsonScanner json) {
        this.json = json;
    }

    /** @return the members of the object at the scanner, or null when the text is not valid JSON */
    static FrameMembers read(JsonScanner json) {
        FrameMembers members = new FrameMembers(json);
        json.beginObject();
        while (json.nextMember()) {
            members.readMember();
        }
        return json.failed() ? null : members;
    }

    private void readMember() {
        if (json.isKey("offers")) {
            readOffers();
        } else if (json.isKey("info_hash")) {
            infoHash = json.value();
        } else if (json.isKey("peer_id")) {
            peerId = json.value();
        } else if (json.isKey("action")) {
            action = json.value();
        } else if (json.isKey("left")) {
            left = json.value();
        } else if (json.isKey("event")) {
            event = json.value();
        } else if (json.isKey("answer")) {
            answer = json.value();
        } else if (json.isKey("to_peer_id")) {
            toPeerId = json.value();
        } else if (json.isKey("offer_id")) {
            offerId = json.value();
        } else {
            json.skip();
        }
    }

    private void readOffers() {
        offerEntries = null;
        if (!json.atArray()) {
            Token value = json.value();
            offersType = value == null ? null : value.type();
            return;
        }
        offersType = ValueType.ARRAY;
        List<OfferEntry> entries = new ArrayList<>();
        json.beginArray();
        while (json.nextElement()) {
            entries.add(readOfferEntry());
        }
        offerEntries = entries;
    }

    private OfferEntry readOfferEntry() {
        if (!json.atObject()) {
            json.skip();
            return new OfferEntry(null, null);
        }
        Token offer = null;
        Token id = null;
        json.beginObject();
        while (json.nextMember()) {
            if (json.isKey("offer")) {
                offer = json.value();
            } else if (json.isKey("offer_id")) {
                id = json.value();
            } else {
                json.skip();
            }
        }
        return new OfferEntry(offer, id);
    }
}
