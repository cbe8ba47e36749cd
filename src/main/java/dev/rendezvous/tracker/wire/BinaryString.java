package dev.rendezvous.tracker.wire;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The protocol's binary strings: raw bytes carried as a JSON string whose every character is U+0000..U+00FF
 * (char code = byte). Rendezvous keeps them as Java strings, which hold such text at one byte a character
 * and round-trip it exactly.
 */
public final class BinaryString {
    /** Length of an info_hash or peer_id. */
    public static final int ID_LENGTH = 20;
    /** offer_id is opaque (old libtorrent used 16 bytes); this bounds it. */
    public static final int MAX_OFFER_ID_LENGTH = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private BinaryString() {
    }

    public static boolean isLatin1(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** An info_hash or peer_id: exactly 20 latin1 characters. */
    public static boolean isId(String s) {
        return s.length() == ID_LENGTH && isLatin1(s);
    }

    public static boolean isOfferId(String s) {
        return !s.isEmpty() && s.length() <= MAX_OFFER_ID_LENGTH && isLatin1(s);
    }

    public static String fromBytes(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static byte[] toBytes(String s) {
        if (!isLatin1(s)) {
            throw new IllegalArgumentException("not a binary string");
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A peer_id or info_hash written as 40 hex digits (ASCII only, either case). */
    public static boolean isHexId(String s) {
        return s.length() == 2 * ID_LENGTH && s.chars().allMatch(HexFormat::isHexDigit);
    }

    /** The binary string that {@code hex} (which {@link #isHexId} accepts) writes out. */
    public static String fromHex(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    public static String toHex(String s) {
        char[] out = new char[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[2 * i] = HEX[(c >> 4) & 0xF];
            out[2 * i + 1] = HEX[c & 0xF];
        }
        return new String(out);
    }
}
