package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.wire.FailureReason;

/**
 * Why the HTTP tracker refuses a request before it reaches the swarms, with the {@code failure reason} text the client
 * gets and the tag its metric carries. A refusal the tracker core also makes takes its text and tag from
 * {@link FailureReason}, so that both say it alike.
 */
public enum HttpRefusal {
    MALFORMED_QUERY("malformed query string", "malformed_query"),
    QUERY_TOO_LONG("query string too long", "query_too_long"),
    INVALID_INFO_HASH(FailureReason.INVALID_INFO_HASH),
    INVALID_PEER_ID(FailureReason.INVALID_PEER_ID),
    INVALID_PORT("invalid port", "invalid_port"),
    INVALID_UPLOADED("invalid uploaded", "invalid_uploaded"),
    INVALID_DOWNLOADED("invalid downloaded", "invalid_downloaded"),
    INVALID_LEFT(FailureReason.INVALID_LEFT),
    INVALID_EVENT(FailureReason.INVALID_EVENT),
    INVALID_NUMWANT("invalid numwant", "invalid_numwant"),
    INVALID_COMPACT("invalid compact", "invalid_compact"),
    TOO_MANY_INFO_HASHES("too many info_hash in one scrape", "too_many_info_hashes"),
    ADDRESS_BANNED(FailureReason.ADDRESS_BANNED),
    UNAVAILABLE("tracker unavailable, try again later", "unavailable");

    private final String text;
    private final String tag;

    HttpRefusal(String text, String tag) {
        this.text = text;
        this.tag = tag;
    }

    /** A refusal the tracker core also makes: its text and tag. */
    HttpRefusal(FailureReason same) {
        this(same.text(), same.tag());
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
