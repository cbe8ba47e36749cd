package dev.rendezvous.tracker.udp;

/** Why the UDP tracker dropped a packet without any answer, with the tag its metric carries. */
public enum UdpDrop {
    /** Under 16 bytes: not even a transaction id to answer to. */
    TOO_SHORT("too_short"),
    /** Over {@link UdpPackets#MAX_REQUEST} bytes: larger than any valid request. */
    OVERSIZED("oversized"),
    /** An answer to a source that has not proven its address, over its per-minute budget. */
    RATE_LIMITED("rate_limited"),
    /** Too many announces and scrapes waiting for the swarm registry already. */
    OVERLOADED("overloaded"),
    /** The socket's send buffer was full, or the send failed. */
    SEND_FAILED("send_failed");

    private final String tag;

    UdpDrop(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
