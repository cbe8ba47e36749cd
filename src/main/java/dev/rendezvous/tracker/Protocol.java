package dev.rendezvous.tracker;

/** Which flavour of the tracker protocol a peer announced over. */
public enum Protocol {
    /** WebTorrent's: peers are reached by offers the tracker forwards. */
    WEBSOCKET,
    /** BEP 3 over HTTP: peers get each other's addresses. */
    HTTP,
    /** BEP 15 over UDP: peers get each other's addresses. */
    UDP;

    /** The name in metrics tags, statistics and the admin API. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
