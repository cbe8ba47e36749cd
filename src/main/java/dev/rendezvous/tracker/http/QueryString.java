package dev.rendezvous.tracker.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A raw query string, as the request line carries it, split at {@code &} and percent-decoded to bytes. The servlet
 * API's parameters decode to text in a character set, which mangles binary info_hashes and peer_ids; here every
 * {@code %XX} is the byte XX, and a value is a binary string (one character a byte, U+0000..U+00FF). {@code +} is a
 * space, as in forms and in the reference tracker's parser.
 */
final class QueryString {
    /**
     * Longest query string read. An announce is ~300 characters with every byte of its hashes escaped, a scrape of
     * {@link ScrapeQuery#MAX_INFO_HASHES} hashes ~4,600; anything longer is refused before it is decoded.
     */
    static final int MAX_LENGTH = 8192;

    /** One {@code name=value} pair, both decoded; a pair without {@code =} has the value "". */
    record Parameter(String name, String value) {
    }

    private QueryString() {
    }

    /**
     * @param raw the query string, undecoded, or null when the request had none
     * @return the pairs in order (empty pairs, as in {@code a=1&&b=2}, skipped), or null when an escape is broken or a
     * character is not a byte; the caller checks {@link #MAX_LENGTH} first
     */
    static List<Parameter> parse(String raw) {
        List<Parameter> parameters = new ArrayList<>();
        if (raw == null) {
            return parameters;
        }
        int start = 0;
        int length = raw.length();
        while (start <= length) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = raw.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String name = decode(raw, start, hasValue ? eq : end);
                String value = hasValue ? decode(raw, eq + 1, end) : "";
                if (name == null || value == null) {
                    return null;
                }
                parameters.add(new Parameter(name, value));
            }
            start = end + 1;
        }
        return parameters;
    }

    /** {@code raw[from, to)} decoded, or null when it holds a broken escape or a character above U+00FF. */
    static String decode(String raw, int from, int to) {
        char[] out = null; // most names and many values need no decoding: no copy then
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+') {
                if (out == null) {
                    out = new char[to - from];
                    raw.getChars(from, i, out, 0);
                    n = i - from;
                }
                if (c == '+') {
                    out[n++] = ' ';
                    continue;
                }
                int high = i + 2 < to ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0 || raw.charAt(i + 1) > 'f' || raw.charAt(i + 2) > 'f') { // digit() also takes non-ASCII digits
                    return null;
                }
                out[n++] = (char) (high << 4 | low);
                i += 2;
            } else if (c > 0xFF) {
                return null;
            } else if (out != null) {
                out[n++] = c;
            }
        }
        return out == null ? raw.substring(from, to) : new String(out, 0, n);
    }
}
