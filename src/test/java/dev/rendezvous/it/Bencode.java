package dev.rendezvous.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict decoder of bencoded tracker responses (BEP 3), written for the tests so that the server's own encoder is
 * never what checks itself. Strings come back as {@link String}s of ISO-8859-1 chars (one char per byte, as the
 * tracker's binary strings are), integers as {@link Long}, lists as {@link List}, dictionaries as ordered
 * {@link Map}s. Anything a conforming encoder would not produce is refused: unsorted or repeated keys, leading zeros,
 * {@code -0}, trailing bytes.
 */
final class Bencode {
    private final byte[] in;
    private int at;

    private Bencode(byte[] in) {
        this.in = in;
    }

    static Object decode(byte[] bytes) {
        Bencode decoder = new Bencode(bytes);
        Object value = decoder.value();
        if (decoder.at != bytes.length) {
            throw decoder.bad("trailing bytes");
        }
        return value;
    }

    /** A dictionary, as every tracker response is. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> dictionary(byte[] bytes) {
        Object value = decode(bytes);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a dictionary: " + text(bytes));
        }
        return (Map<String, Object>) value;
    }

    /** The bytes as text for messages: printable ASCII as is, every other byte as %XX. */
    static String text(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            out.append(c >= 0x20 && c < 0x7f && c != '%' ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    private Object value() {
        if (at >= in.length) {
            throw bad("unexpected end");
        }
        byte b = in[at];
        if (b == 'i') {
            at++;
            long n = integer('e');
            return n;
        }
        if (b == 'l') {
            at++;
            List<Object> list = new ArrayList<>();
            while (peek() != 'e') {
                list.add(value());
            }
            at++;
            return list;
        }
        if (b == 'd') {
            at++;
            Map<String, Object> map = new LinkedHashMap<>();
            String previous = null;
            while (peek() != 'e') {
                String key = string();
                if (previous != null && compareRaw(previous, key) >= 0) {
                    throw bad("key '" + key + "' out of order or repeated after '" + previous + "'");
                }
                previous = key;
                map.put(key, value());
            }
            at++;
            return map;
        }
        if (b >= '0' && b <= '9') {
            return string();
        }
        throw bad("unexpected byte " + (b & 0xff));
    }

    private String string() {
        long length = integer(':');
        if (length < 0 || at + length > in.length) {
            throw bad("string length " + length);
        }
        String s = new String(in, at, (int) length, StandardCharsets.ISO_8859_1);
        at += (int) length;
        return s;
    }

    private long integer(char end) {
        int start = at;
        while (peek() != end) {
            at++;
        }
        String digits = new String(in, start, at - start, StandardCharsets.US_ASCII);
        at++;
        if (!digits.matches("0|-?[1-9][0-9]*")) {
            throw bad("malformed integer '" + digits + "'");
        }
        return Long.parseLong(digits);
    }

    private byte peek() {
        if (at >= in.length) {
            throw bad("unexpected end");
        }
        return in[at];
    }

    /** Keys sort as raw byte strings (BEP 3); ISO-8859-1 chars compare as their bytes. */
    private static int compareRaw(String a, String b) {
        return a.compareTo(b);
    }

    private IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("bad bencode at byte " + at + ": " + what + " in " + text(in));
    }
}
