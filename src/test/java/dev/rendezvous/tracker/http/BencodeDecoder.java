package dev.rendezvous.tracker.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict bencode reader for tests, written from BEP 3 apart from the server's writer: strings come back as binary
 * strings (one character a byte), integers as Long, lists as List, dictionaries as Map in wire order. It refuses
 * what a canonical encoding never holds: unsorted or repeated keys, leading zeros, {@code -0}, trailing bytes.
 */
public final class BencodeDecoder {
    private final byte[] in;
    private int at;

    private BencodeDecoder(byte[] in) {
        this.in = in;
    }

    public static Object decode(byte[] bytes) {
        BencodeDecoder decoder = new BencodeDecoder(bytes);
        Object value = decoder.value();
        if (decoder.at != bytes.length) {
            throw new IllegalArgumentException("trailing bytes at " + decoder.at);
        }
        return value;
    }

    /** The top-level dictionary of {@code bytes}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> dictionary(byte[] bytes) {
        return (Map<String, Object>) decode(bytes);
    }

    /** The bytes as text for messages: printable ASCII as is, every other byte as %XX. */
    public static String text(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            out.append(c >= 0x20 && c < 0x7f && c != '%' ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    /** The bytes of a binary string. */
    public static byte[] bytes(Object binaryString) {
        return ((String) binaryString).getBytes(StandardCharsets.ISO_8859_1);
    }

    private Object value() {
        if (at >= in.length) {
            throw new IllegalArgumentException("truncated at " + at);
        }
        byte b = in[at];
        switch (b) {
            case 'i' -> {
                at++;
                long value = number('e');
                return value;
            }
            case 'l' -> {
                at++;
                List<Object> list = new ArrayList<>();
                while (peek() != 'e') {
                    list.add(value());
                }
                at++;
                return list;
            }
            case 'd' -> {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                String previous = null;
                while (peek() != 'e') {
                    if (peek() < '0' || peek() > '9') {
                        throw new IllegalArgumentException("a dictionary key must be a string, at " + at);
                    }
                    String key = string();
                    if (previous != null && previous.compareTo(key) >= 0) {
                        throw new IllegalArgumentException("keys not sorted or repeated: '" + previous + "' then '" + key + "'");
                    }
                    previous = key;
                    map.put(key, value());
                }
                at++;
                return map;
            }
            default -> {
                if (b >= '0' && b <= '9') {
                    return string();
                }
                throw new IllegalArgumentException("unexpected byte " + b + " at " + at);
            }
        }
    }

    private String string() {
        long length = number(':');
        if (length < 0 || at + length > in.length) {
            throw new IllegalArgumentException("string length " + length + " past the end");
        }
        String s = new String(in, at, (int) length, StandardCharsets.ISO_8859_1);
        at += (int) length;
        return s;
    }

    private long number(char terminator) {
        int start = at;
        while (peek() != terminator) {
            at++;
        }
        String text = new String(in, start, at - start, StandardCharsets.US_ASCII);
        at++;
        if (!text.matches("-?(0|[1-9][0-9]*)") || text.equals("-0")) {
            throw new IllegalArgumentException("not a canonical number: '" + text + "'");
        }
        return Long.parseLong(text);
    }

    private byte peek() {
        if (at >= in.length) {
            throw new IllegalArgumentException("truncated at " + at);
        }
        return in[at];
    }
}
