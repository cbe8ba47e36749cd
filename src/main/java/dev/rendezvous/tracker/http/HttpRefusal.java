package dev.rendezvous.tracker.http;

/**
 * Why the HTTP tracker refuses a request before it reaches the swarms, with the {@code failure reason} text the client
 * gets and the tag its metric carries. Texts that the tracker core also sends ({@code FailureReason}) are spelled the same.
 */
public enum HttpRefusal {
    MALFORMED_QUERY("malformed query string", "malformed_query"),
    QUERY_TOO_LONG("query string too long", "query_too_long"),
    INVALID_INFO_HASH("invalid info_hash", "invalid_info_hash"),
    INVALID_PEER_ID("invalid peer_id", "invalid_peer_id"),
    INVALID_PORT("invalid port", "invalid_port"),
    INVALID_UPLOADED("invalid uploaded", "invalid_uploaded"),
    INVALID_DOWNLOADED("invalid downloaded", "invalid_downloaded"),
    INVALID_LEFT("invalid left", "invalid_left"),
    INVALID_EVENT("invalid event", "invalid_event"),
    INVALID_NUMWANT("invalid numwant", "invalid_numwant"),
    INVALID_COMPACT("invalid compact", "invalid_compact"),
    TOO_MANY_INFO_HASHES("too many info_hash in one scrape", "too_many_info_hashes"),
    ADDRESS_BANNED("address banned by the operator", "address_banned"),
    UNAVAILABLE("tracker unavailable, try again later", "unavailable");

    private final String text;
    private final String tag;

    HttpRefusal(String text, String tag) {
        this.text = text;
        this.tag = tag;
    }

    /** The text of the {@code failure reason} key. */
    public String text() {
        return text;
    }

    /** The value of the {@code reason} tag on the refusals metric. */
    public String tag() {
        return tag;
    }
}
