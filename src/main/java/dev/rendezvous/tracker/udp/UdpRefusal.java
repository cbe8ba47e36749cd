package dev.rendezvous.tracker.udp;

import dev.rendezvous.tracker.wire.FailureReason;

/**
 * Why the UDP tracker answered a request with an error (action 3), with the tag its metric carries. The text is cut to
 * what the request's size allows (see {@link UdpPackets#error}), so the first words say the most.
 */
public enum UdpRefusal {
    BAD_CONNECTION_ID("connection id expired or invalid: connect again", "bad_connection_id"),
    BAD_PROTOCOL_ID("invalid protocol id", "bad_protocol_id"),
    INVALID_ACTION(FailureReason.INVALID_ACTION),
    TRUNCATED("packet too short for its action", "truncated"),
    INVALID_EVENT(FailureReason.INVALID_EVENT),
    INVALID_PORT("invalid port", "invalid_port"),
    INVALID_SCRAPE("scrape must list 1 to 74 whole info_hashes", "invalid_scrape");

    private final String text;
    private final String tag;

    UdpRefusal(String text, String tag) {
        this.text = text;
        this.tag = tag;
    }

    /** A refusal the tracker core also makes: its text and tag. */
    UdpRefusal(FailureReason same) {
        this(same.text(), same.tag());
    }

    public String text() {
        return text;
    }

    public String tag() {
        return tag;
    }
}
