package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.AddressPeer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes bencode (BEP 3) into one growing byte array: integers and length prefixes go in as digits without
 * intermediate strings, and binary strings (Java strings of U+0000..U+00FF, one character a byte, as the tracker
 * holds info_hashes and peer_ids) are copied a byte at a time. Dictionaries must be given their keys in sorted order
 * (raw bytes, unsigned), as bencode requires: the caller knows its keys, so the writer does not sort.
 */
public final class BencodeWriter {
    private byte[] bytes;
    private int size;

    public BencodeWriter(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public BencodeWriter startDictionary() {
        return raw('d');
    }

    public BencodeWriter startList() {
        return raw('l');
    }

    /** Ends the innermost dictionary or list. */
    public BencodeWriter end() {
        return raw('e');
    }

    public BencodeWriter integer(long value) {
        raw('i');
        digits(value);
        return raw('e');
    }

    /** A string of ASCII or binary characters (each U+0000..U+00FF, written as that byte). */
    public BencodeWriter string(String latin1) {
        int length = latin1.length();
        stringHeader(length);
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = latin1.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("not a binary string: U+" + Integer.toHexString(c));
            }
            bytes[size++] = (byte) c;
        }
        return this;
    }

    /** A dictionary key (the same as {@link #string}, named for readability at the call site). */
    public BencodeWriter key(String latin1) {
        return string(latin1);
    }

    /** The length prefix of a string whose {@code length} bytes the caller then writes with {@link #compact}. */
    public BencodeWriter stringHeader(int length) {
        digits(length);
        return raw(':');
    }

    /** A peer's compact form (BEP 23): its address, then its port big-endian, with no copy of either. */
    public BencodeWriter compact(AddressPeer peer) {
        ensure(peer.compactLength());
        peer.writeCompact(bytes, size);
        size += peer.compactLength();
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    private BencodeWriter raw(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    private void digits(long value) {
        ensure(20);
        if (value == Long.MIN_VALUE) {
            throw new IllegalArgumentException("bencode integers here fit a long and its negation");
        }
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int start = size;
        do {
            bytes[size++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
