package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.wire.BinaryString;
import dev.rendezvous.tracker.wire.Event;

import java.util.List;

/**
 * A BEP 3 announce's parameters, read from the raw query string and checked. Unknown parameters are ignored (clients
 * send {@code key}, {@code trackerid}, {@code supportcrypto}, {@code corrupt} ...), and so are {@code ip},
 * {@code ipv4} and {@code ipv6}: the peer's address is the one the request came from, because a tracker that believed
 * a claimed address would send every swarm it is asked about to a victim's address (a DDoS reflector).
 * An empty value ({@code numwant=}) is the same as an absent one. When a parameter is repeated the first one counts,
 * except {@code info_hash} and {@code peer_id}, which are then refused: an announce names one peer in one swarm.
 *
 * @param infoHash   20 bytes, as a binary string
 * @param peerId     20 bytes, as a binary string
 * @param port       1..65535
 * @param uploaded   bytes, or -1 when absent
 * @param downloaded bytes, or -1 when absent
 * @param left       bytes left, 0 for a seeder, or {@link #LEFT_UNKNOWN} when absent (a leecher, as the reference
 *                   tracker counts it)
 * @param event      {@code started}, {@code completed}, {@code stopped}, {@code paused} (BEP 21), or
 *                   {@link Event#UPDATE} for {@code empty}, "" and absent
 * @param numwant    peers asked for, or -1 for the default; larger than an int reads as {@link Integer#MAX_VALUE}
 *                   (the tracker core bounds it)
 * @param compact    BEP 23 compact peers ({@code compact=1}, the default) or the dictionary model ({@code compact=0})
 * @param noPeerId   {@code no_peer_id=1}: leave {@code peer id} out of the dictionary model
 */
public record AnnounceQuery(String infoHash, String peerId, int port, long uploaded, long downloaded, long left,
                            Event event, int numwant, boolean compact, boolean noPeerId) {
    public static final long LEFT_UNKNOWN = -1;
    /** Decimal digits a byte count may have: 19 fit a long. */
    private static final int MAX_COUNT_DIGITS = 19;

    public boolean seeder() {
        return left == 0;
    }

    /** Reads an announce from {@code raw}, the request's undecoded query string (null for none). */
    static Checked<AnnounceQuery> parse(String raw) {
        if (raw != null && raw.length() > QueryString.MAX_LENGTH) {
            return Checked.refused(HttpRefusal.QUERY_TOO_LONG);
        }
        List<QueryString.Parameter> parameters = QueryString.parse(raw);
        if (parameters == null) {
            return Checked.refused(HttpRefusal.MALFORMED_QUERY);
        }
        String infoHash = null;
        String peerId = null;
        String port = null;
        String uploaded = null;
        String downloaded = null;
        String left = null;
        String event = null;
        String numwant = null;
        String compact = null;
        String noPeerId = null;
        boolean repeatedHash = false;
        boolean repeatedPeer = false;
        for (QueryString.Parameter p : parameters) {
            String v = p.value();
            switch (p.name()) {
                case "info_hash" -> {
                    repeatedHash |= infoHash != null;
                    infoHash = v;
                }
                case "peer_id" -> {
                    repeatedPeer |= peerId != null;
                    peerId = v;
                }
                case "port" -> port = first(port, v);
                case "uploaded" -> uploaded = first(uploaded, v);
                case "downloaded" -> downloaded = first(downloaded, v);
                case "left" -> left = first(left, v);
                case "event" -> event = first(event, v);
                case "numwant" -> numwant = first(numwant, v);
                case "compact" -> compact = first(compact, v);
                case "no_peer_id" -> noPeerId = first(noPeerId, v);
                default -> {
                    // ip, ipv4, ipv6 and every other parameter: ignored (see the class comment)
                }
            }
        }
        if (infoHash == null || repeatedHash || infoHash.length() != BinaryString.ID_LENGTH) {
            return Checked.refused(HttpRefusal.INVALID_INFO_HASH);
        }
        if (peerId == null || repeatedPeer || peerId.length() != BinaryString.ID_LENGTH) {
            return Checked.refused(HttpRefusal.INVALID_PEER_ID);
        }
        long portNumber = port == null ? -1 : count(port, 5);
        if (portNumber < 1 || portNumber > 65_535) {
            return Checked.refused(HttpRefusal.INVALID_PORT);
        }
        long uploadedBytes = uploaded == null ? -1 : count(uploaded, MAX_COUNT_DIGITS);
        if (uploaded != null && uploadedBytes < 0) {
            return Checked.refused(HttpRefusal.INVALID_UPLOADED);
        }
        long downloadedBytes = downloaded == null ? -1 : count(downloaded, MAX_COUNT_DIGITS);
        if (downloaded != null && downloadedBytes < 0) {
            return Checked.refused(HttpRefusal.INVALID_DOWNLOADED);
        }
        long leftBytes = left == null ? LEFT_UNKNOWN : count(left, MAX_COUNT_DIGITS);
        if (left != null && leftBytes < 0) {
            return Checked.refused(HttpRefusal.INVALID_LEFT);
        }
        Event parsedEvent = event == null ? Event.UPDATE : Event.fromWire(event).orElse(null);
        if (parsedEvent == null) {
            return Checked.refused(HttpRefusal.INVALID_EVENT);
        }
        int wanted = numwant == null ? -1 : numwant(numwant);
        if (wanted < -1) {
            return Checked.refused(HttpRefusal.INVALID_NUMWANT);
        }
        if (compact != null && !compact.equals("0") && !compact.equals("1")) {
            return Checked.refused(HttpRefusal.INVALID_COMPACT);
        }
        return Checked.ok(new AnnounceQuery(infoHash, peerId, (int) portNumber, uploadedBytes, downloadedBytes, leftBytes,
                parsedEvent, wanted, !"0".equals(compact), "1".equals(noPeerId)));
    }

    /** Keeps the first value of a repeated parameter; an empty value counts as absent. */
    private static String first(String current, String value) {
        return current != null || value.isEmpty() ? current : value;
    }

    /** A non-negative decimal of at most {@code maxDigits} ASCII digits (no sign, no spaces), or -1. */
    static long count(String text, int maxDigits) {
        int length = text.length();
        if (length == 0 || length > maxDigits) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                return -1; // past Long.MAX_VALUE
            }
        }
        return value;
    }

    /**
     * {@code numwant}: decimal digits (any number of them; past an int they read as {@link Integer#MAX_VALUE}), or
     * {@code -1} for the default as BEP 15 spells it; anything else is -2 (refused).
     */
    static int numwant(String text) {
        if (text.equals("-1")) {
            return -1;
        }
        if (text.isEmpty() || text.length() > 64) {
            return -2;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -2;
            }
            value = Math.min(Integer.MAX_VALUE, value * 10 + (c - '0'));
        }
        return (int) value;
    }
}
