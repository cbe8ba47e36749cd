package dev.rendezvous.tracker.udp;

/** BEP 15's actions, as the request counter's tag names them. */
public enum UdpAction {
    CONNECT(0, "connect"),
    ANNOUNCE(1, "announce"),
    SCRAPE(2, "scrape"),
    /** Anything else, the error action (3) included: clients never send it. */
    UNKNOWN(-1, "unknown");

    private final int code;
    private final String tag;

    UdpAction(int code, String tag) {
        this.code = code;
        this.tag = tag;
    }

    /** The action's number on the wire. */
    public int code() {
        return code;
    }

    public String tag() {
        return tag;
    }

    public static UdpAction of(int code) {
        return switch (code) {
            case 0 -> CONNECT;
            case 1 -> ANNOUNCE;
            case 2 -> SCRAPE;
            default -> UNKNOWN;
        };
    }
}
