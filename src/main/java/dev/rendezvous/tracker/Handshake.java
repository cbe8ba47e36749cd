package dev.rendezvous.tracker;

/**
 * What a socket's opening handshake told about its client, kept for the operator (the admin API) at no cost per
 * frame: the address after trusted proxies, and the {@code Origin} and {@code User-Agent} headers, each cut to
 * {@link #MAX_HEADER} characters so that a client cannot make the node hold much.
 *
 * @param openedMillis when the socket opened, wall-clock
 */
public record Handshake(String address, String origin, String userAgent, long openedMillis) {
    public static final int MAX_HEADER = 256;
    public static final Handshake UNKNOWN = new Handshake("", "", "", 0);

    public Handshake {
        address = cut(address);
        origin = cut(origin);
        userAgent = cut(userAgent);
    }

    private static String cut(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= MAX_HEADER ? value : value.substring(0, MAX_HEADER);
    }
}
