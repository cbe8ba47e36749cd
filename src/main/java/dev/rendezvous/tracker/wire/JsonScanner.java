package dev.rendezvous.tracker.wire;

import jakarta.json.JsonValue.ValueType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over JSON text that checks it as it goes and builds nothing: the caller walks the objects and arrays it
 * cares about member by member, and takes every other value as a {@link Token}, the value's type and where its text
 * lies. It accepts what Parsson's tree reader (JSON-P, which the tracker used before) accepted, and refuses the rest:
 * RFC 8259 syntax, at most {@link #MAX_DEPTH} nested objects and arrays, and only numbers Parsson could make a
 * BigDecimal of. Like that reader, it reads one value and never looks at what follows it.
 *
 * <p>Errors are a state, not exceptions: after the first one, every method returns false or null and
 * {@link #failed()} is true. One instance reads one text on one thread.
 */
final class JsonScanner {
    /** Parsson's default limit: 999 nested objects and arrays pass, 1000 do not. */
    static final int MAX_DEPTH = 999;
    /** Parsson refuses to make a BigDecimal of a longer number, and so refused the frame. */
    private static final int MAX_NUMBER_LENGTH = 1100;
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /**
     * Inside a string: the closing quote, a backslash, and the control characters JSON forbids there. One lookup per
     * character instead of three comparisons, in the loop that reads most of a frame (the SDP text).
     */
    private static final boolean[] ENDS_PLAIN_RUN = new boolean['\\' + 1];

    static {
        for (char c = 0; c < 0x20; c++) {
            ENDS_PLAIN_RUN[c] = true;
        }
        ENDS_PLAIN_RUN['"'] = true;
        ENDS_PLAIN_RUN['\\'] = true;
    }

    /** A value's type and its text, {@code text.substring(start, end)} (quotes included for a string). */
    record Token(ValueType type, int start, int end) {
    }

    private final String text;
    private int pos;
    private int depth;
    /** Whether the container just opened has had no member or element yet, so a comma may not come next. */
    private boolean first;
    private boolean failed;
    private int keyStart;
    private int keyEnd;
    private boolean keyEscaped;
    private boolean lastStringEscaped;
    /** Whether the container at each depth is an array (bit {@code depth}); deeper than 63 levels in {@link #deepArrays}. */
    private long arrays;
    private long[] deepArrays;

    JsonScanner(String text) {
        this(text, 0);
    }

    private JsonScanner(String text, int pos) {
        this.text = text;
        this.pos = pos;
    }

    boolean failed() {
        return failed;
    }

    /** Whether the next value is an object (without reading it). */
    boolean atObject() {
        return peek() == '{';
    }

    /** Whether the next value is an array (without reading it). */
    boolean atArray() {
        return peek() == '[';
    }

    /** Enters the object that {@link #atObject} found; then call {@link #nextMember} until it returns false. */
    boolean beginObject() {
        return begin('{');
    }

    /** Enters the array that {@link #atArray} found; then call {@link #nextElement} until it returns false. */
    boolean beginArray() {
        return begin('[');
    }

    /** The elements of an array that this scanner has read, each as a token. */
    List<Token> elements(Token array) {
        JsonScanner elements = new JsonScanner(text, array.start());
        List<Token> tokens = new ArrayList<>();
        elements.beginArray();
        while (elements.nextElement()) {
            tokens.add(elements.value());
        }
        return tokens;
    }

    /**
     * Moves to the next member of the current object and reads its key (see {@link #isKey}); the caller then reads
     * its value. False at the end of the object, which it leaves, or on an error.
     */
    boolean nextMember() {
        if (!more('}')) {
            return false;
        }
        keyStart = pos + 1;
        if (!skipString()) {
            return false;
        }
        keyEnd = pos - 1;
        keyEscaped = lastStringEscaped;
        skipWhitespace();
        if (pos >= text.length() || text.charAt(pos) != ':') {
            return fail();
        }
        pos++;
        return true;
    }

    /** Moves to the next element of the current array; false at the end of the array, which it leaves, or on an error. */
    boolean nextElement() {
        return more(']');
    }

    /** Whether the key {@link #nextMember} read is {@code name}. */
    boolean isKey(String name) {
        if (keyEscaped) {
            return decode(keyStart, keyEnd).equals(name);
        }
        return keyEnd - keyStart == name.length() && text.startsWith(name, keyStart);
    }

    /** Reads the next value, whatever it holds; null if it is not valid JSON. */
    Token value() {
        if (failed) {
            return null;
        }
        skipWhitespace();
        int start = pos;
        ValueType type = skipValue();
        return type == null ? null : new Token(type, start, pos);
    }

    /** Reads past the next value, whatever it holds. */
    void skip() {
        if (!failed) {
            skipWhitespace();
            skipValue();
        }
    }

    /** The text of a value as it appears in the input. */
    String slice(Token token) {
        return text.substring(token.start(), token.end());
    }

    /** A string token's content with its escapes decoded. */
    String string(Token token) {
        return decode(token.start() + 1, token.end() - 1);
    }

    /**
     * A number token's value when it is a whole number in 0..Long.MAX_VALUE as JSON-P's JsonNumber judged it (a
     * BigDecimal of scale 0, so 1.5e1 is 15 and 1e2 and 1.0 are not; -0 is 0), else -1.
     */
    long nonNegativeLong(Token number) {
        int start = number.start();
        boolean negative = text.charAt(start) == '-';
        int digitsStart = negative ? start + 1 : start;
        if (number.end() - digitsStart <= 18 && digits(digitsStart) == number.end() - digitsStart) {
            long value = 0;
            for (int i = digitsStart; i < number.end(); i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
            return negative && value != 0 ? -1 : value;
        }
        BigDecimal value = new BigDecimal(slice(number));
        if (value.scale() != 0 || value.signum() < 0 || value.compareTo(LONG_MAX) > 0) {
            return -1;
        }
        return value.longValue();
    }

    private boolean begin(char opener) {
        if (failed || peek() != opener) {
            return fail();
        }
        first = true;
        return open(opener == '[');
    }

    private boolean more(char closer) {
        if (failed) {
            return false;
        }
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == closer) {
            pos++;
            depth--;
            first = false;
            return false;
        }
        if (!first) {
            if (pos >= text.length() || text.charAt(pos) != ',') {
                return fail();
            }
            pos++;
            skipWhitespace();
        }
        first = false;
        return true;
    }

    private ValueType skipValue() {
        if (pos >= text.length()) {
            fail();
            return null;
        }
        return switch (text.charAt(pos)) {
            case '{' -> skipContainer() ? ValueType.OBJECT : null;
            case '[' -> skipContainer() ? ValueType.ARRAY : null;
            case '"' -> skipString() ? ValueType.STRING : null;
            case 't' -> literal("true") ? ValueType.TRUE : null;
            case 'f' -> literal("false") ? ValueType.FALSE : null;
            case 'n' -> literal("null") ? ValueType.NULL : null;
            default -> skipNumber() ? ValueType.NUMBER : null;
        };
    }

    /** Skips an object or array and all it holds, in a loop rather than by recursion: depth costs no stack. */
    private boolean skipContainer() {
        int outside = depth;
        if (!open(text.charAt(pos) == '[')) {
            return false;
        }
        boolean empty = true;
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                return fail();
            }
            char c = text.charAt(pos);
            boolean inArray = isArray(depth);
            if (empty && c == (inArray ? ']' : '}')) {
                pos++;
                depth--;
            } else {
                if (!inArray) {
                    if (!skipString()) {
                        return false;
                    }
                    skipWhitespace();
                    if (pos >= text.length() || text.charAt(pos) != ':') {
                        return fail();
                    }
                    pos++;
                    skipWhitespace();
                    c = pos < text.length() ? text.charAt(pos) : 0;
                }
                if (c == '{' || c == '[') {
                    if (!open(c == '[')) {
                        return false;
                    }
                    empty = true;
                    continue;
                }
                if (skipValue() == null) {
                    return false;
                }
            }
            // After a value: close every container that ends here, then a comma leads to the next value.
            while (true) {
                if (depth == outside) {
                    return true;
                }
                skipWhitespace();
                if (pos >= text.length()) {
                    return fail();
                }
                char next = text.charAt(pos++);
                if (next == ',') {
                    empty = false;
                    break;
                }
                if (next != (isArray(depth) ? ']' : '}')) {
                    return fail();
                }
                depth--;
            }
        }
    }

    /** Steps into the object or array at {@code pos}, noting which it is. */
    private boolean open(boolean array) {
        if (depth == MAX_DEPTH) {
            return fail();
        }
        pos++;
        depth++;
        if (depth < 64) {
            arrays = array ? arrays | 1L << depth : arrays & ~(1L << depth);
        } else {
            if (deepArrays == null) {
                deepArrays = new long[MAX_DEPTH / 64 + 1];
            }
            long bit = 1L << (depth & 63);
            int word = depth >> 6;
            deepArrays[word] = array ? deepArrays[word] | bit : deepArrays[word] & ~bit;
        }
        return true;
    }

    private boolean isArray(int level) {
        long word = level < 64 ? arrays : deepArrays[level >> 6];
        return (word & 1L << (level & 63)) != 0;
    }

    /** Skips a string at {@code pos}, checking its escapes; notes whether it had any. */
    private boolean skipString() {
        String s = text;
        int end = s.length();
        int i = pos;
        if (i >= end || s.charAt(i) != '"') {
            return fail();
        }
        i++;
        boolean escaped = false;
        while (i < end) {
            char c = s.charAt(i);
            if (c >= ENDS_PLAIN_RUN.length || !ENDS_PLAIN_RUN[c]) {
                i++;
            } else if (c == '"') {
                pos = i + 1;
                lastStringEscaped = escaped;
                return true;
            } else if (c == '\\') {
                escaped = true;
                i = skipEscape(i + 1);
                if (i < 0) {
                    return fail();
                }
            } else {
                return fail();
            }
        }
        return fail();
    }

    /** @return the index after the escape whose backslash is just before {@code i}, or -1 when it is not valid */
    private int skipEscape(int i) {
        if (i >= text.length()) {
            return -1;
        }
        return switch (text.charAt(i)) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i + 1;
            case 'u' -> i + 5 <= text.length() && hexValue(i + 1) >= 0 ? i + 5 : -1;
            default -> -1;
        };
    }

    /** The content between {@code start} and {@code end} of a string this scanner has checked, escapes decoded. */
    private String decode(int start, int end) {
        int backslash = start;
        while (backslash < end && text.charAt(backslash) != '\\') {
            backslash++;
        }
        if (backslash == end) {
            return text.substring(start, end);
        }
        char[] decoded = new char[end - start];
        text.getChars(start, backslash, decoded, 0);
        int length = backslash - start;
        for (int i = backslash; i < end; ) {
            char c = text.charAt(i++);
            if (c == '\\') {
                c = text.charAt(i++);
                switch (c) {
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'u' -> {
                        c = (char) hexValue(i);
                        i += 4;
                    }
                    default -> {
                        // '"', '\\' and '/' stand for themselves
                    }
                }
            }
            decoded[length++] = c;
        }
        return new String(decoded, 0, length);
    }

    /** The four hex digits at {@code i}, or -1. */
    private int hexValue(int i) {
        int value = 0;
        for (int end = i + 4; i < end; i++) {
            int digit = hexDigit(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** ASCII only, as JSON has them (Character.digit would take other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private boolean skipNumber() {
        int start = pos;
        int i = pos;
        int end = text.length();
        if (i < end && text.charAt(i) == '-') {
            i++;
        }
        if (i < end && text.charAt(i) == '0') {
            i++;
        } else {
            int digits = digits(i);
            if (digits == 0) {
                return fail();
            }
            i += digits;
        }
        if (i < end && text.charAt(i) == '.') {
            int digits = digits(i + 1);
            if (digits == 0) {
                return fail();
            }
            i += 1 + digits;
        }
        boolean exponent = i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E');
        if (exponent) {
            i++;
            if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int digits = digits(i);
            if (digits == 0) {
                return fail();
            }
            i += digits;
        }
        pos = i;
        if (i - start > MAX_NUMBER_LENGTH) {
            return fail();
        }
        return !exponent || isBigDecimal(start, i) || fail();
    }

    /** Whether BigDecimal takes the number, as Parsson's tree needed: only an exponent can put it out of range. */
    private boolean isBigDecimal(int start, int end) {
        try {
            new BigDecimal(text.substring(start, end));
            return true;
        } catch (NumberFormatException outOfRange) {
            return false;
        }
    }

    private int digits(int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    private boolean literal(String word) {
        if (!text.startsWith(word, pos)) {
            return fail();
        }
        pos += word.length();
        return true;
    }

    private char peek() {
        skipWhitespace();
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private boolean fail() {
        failed = true;
        return false;
    }
}
