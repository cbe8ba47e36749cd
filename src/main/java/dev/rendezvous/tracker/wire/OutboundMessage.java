package dev.rendezvous.tracker.wire;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.Map;

/** Frames the tracker sends, as plain records that JSON-B writes in the reference's shape. */
public sealed interface OutboundMessage {

    @JsonbPropertyOrder({"action", "interval", "infoHash", "complete", "incomplete"})
    record AnnounceResponse(
            String action,
            int interval,
            @JsonbProperty("info_hash") String infoHash,
            int complete,
            int incomplete) implements OutboundMessage {
        public AnnounceResponse(int interval, String infoHash, int complete, int incomplete) {
            this("announce", interval, infoHash, complete, incomplete);
        }
    }

    /** An offer delivered to a chosen peer; {@code peerId} is the offerer. */
    @JsonbPropertyOrder({"action", "infoHash", "peerId", "offerId", "offer"})
    record ForwardedOffer(
            String action,
            @JsonbProperty("info_hash") String infoHash,
            @JsonbProperty("peer_id") String peerId,
            @JsonbProperty("offer_id") String offerId,
            RawJson offer) implements OutboundMessage {
        public ForwardedOffer(String infoHash, String peerId, String offerId, RawJson offer) {
            this("announce", infoHash, peerId, offerId, offer);
        }
    }

    /** An answer delivered to the offerer; {@code peerId} is the answerer. */
    @JsonbPropertyOrder({"action", "infoHash", "peerId", "offerId", "answer"})
    record ForwardedAnswer(
            String action,
            @JsonbProperty("info_hash") String infoHash,
            @JsonbProperty("peer_id") String peerId,
            @JsonbProperty("offer_id") String offerId,
            RawJson answer) implements OutboundMessage {
        public ForwardedAnswer(String infoHash, String peerId, String offerId, RawJson answer) {
            this("announce", infoHash, peerId, offerId, answer);
        }
    }

    @JsonbPropertyOrder({"action", "files", "flags"})
    record ScrapeResponse(String action, Map<String, ScrapeFile> files, ScrapeFlags flags) implements OutboundMessage {
        public ScrapeResponse(Map<String, ScrapeFile> files, int minRequestInterval) {
            this("scrape", files, new ScrapeFlags(minRequestInterval));
        }
    }

    @JsonbPropertyOrder({"complete", "incomplete", "downloaded"})
    record ScrapeFile(int complete, int incomplete, long downloaded) {
        public static final ScrapeFile EMPTY = new ScrapeFile(0, 0, 0);
    }

    record ScrapeFlags(@JsonbProperty("min_request_interval") int minRequestInterval) {
    }

    /** {@code action} and {@code infoHash} may be null: JSON-B leaves null fields out. */
    @JsonbPropertyOrder({"failureReason", "action", "infoHash"})
    record ErrorResponse(
            @JsonbProperty("failure reason") String failureReason,
            String action,
            @JsonbProperty("info_hash") String infoHash) implements OutboundMessage {
        public static ErrorResponse of(InboundMessage.Invalid invalid) {
            return new ErrorResponse(invalid.reason().text(), invalid.action(), invalid.infoHash());
        }
    }
}
