package dev.rendezvous.tracker.wire;

/** Every {@code failure reason} Rendezvous sends, with the tag its metric carries. */
public enum FailureReason {
    INVALID_JSON("invalid JSON", "invalid_json"),
    INVALID_UTF8("invalid UTF-8", "invalid_utf8"),
    NOT_AN_OBJECT("message must be a JSON object", "not_an_object"),
    INVALID_ACTION("invalid action", "invalid_action"),
    INVALID_INFO_HASH("invalid info_hash", "invalid_info_hash"),
    INVALID_PEER_ID("invalid peer_id", "invalid_peer_id"),
    INVALID_TO_PEER_ID("invalid to_peer_id", "invalid_to_peer_id"),
    INVALID_OFFER_ID("invalid offer_id", "invalid_offer_id"),
    INVALID_LEFT("invalid left", "invalid_left"),
    INVALID_EVENT("invalid event", "invalid_event"),
    INVALID_OFFERS("invalid offers", "invalid_offers"),
    INVALID_ANSWER("invalid answer", "invalid_answer"),
    FULL_SCRAPE_DISABLED("scrape without info_hash is disabled", "full_scrape_disabled"),
    TOO_MANY_ROOMS("too many rooms on this socket", "too_many_rooms"),
    SWARM_REFUSED("info_hash not served here (access list)", "access_list"),
    TOO_MANY_MESSAGES("too many messages on this socket, slow down", "too_many_messages"),
    BANNED("peer_id banned by the operator", "banned"),
    ADDRESS_BANNED("address banned by the operator", "address_banned"),
    TOO_MANY_PEERS("too many peers announced from this address", "too_many_peers");

    private final String text;
    private final String tag;

    FailureReason(String text, String tag) {
        this.text = text;
        this.tag = tag;
    }

    /** The text of the {@code failure reason} field. */
    public String text() {
        return text;
    }

    /** The value of the {@code reason} tag on the error-frame metric. */
    public String tag() {
        return tag;
    }
}
