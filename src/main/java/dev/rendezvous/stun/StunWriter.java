package dev.rendezvous.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Builds one STUN message at a time into its own buffer. Reuse one writer per thread. The header's length is
 * kept current after every attribute, as MESSAGE-INTEGRITY and FINGERPRINT need it.
 */
public final class StunWriter {
    private final byte[] buf;
    private int pos;
    private byte padding;

    public StunWriter(int capacity) {
        buf = new byte[capacity];
    }

    /** The value of padding bytes (zero unless set; RFC 5769's vectors pad with spaces). */
    public StunWriter padding(byte value) {
        padding = value;
        return this;
    }

    public StunWriter begin(int type, byte[] transactionId, int transactionIdOffset) {
        pos = 0;
        put16(type);
        put16(0);
        put32(StunReader.MAGIC_COOKIE);
        System.arraycopy(transactionId, transactionIdOffset, buf, pos, StunReader.TRANSACTION_ID_LENGTH);
        pos += StunReader.TRANSACTION_ID_LENGTH;
        return this;
    }

    /** Starts the response to the request {@code reader} holds, with its transaction id. */
    public StunWriter beginResponse(StunReader request, boolean success) {
        return begin(MessageType.response(request.type(), success), request.buffer(), request.transactionIdOffset());
    }

    public StunWriter attribute(int type, byte[] value, int offset, int length) {
        put16(type);
        put16(length);
        System.arraycopy(value, offset, buf, pos, length);
        pos += length;
        pad(length);
        return updateLength();
    }

    public StunWriter attribute(int type, byte[] value) {
        return attribute(type, value, 0, value.length);
    }

    public StunWriter u32(int type, long value) {
        put16(type);
        put16(4);
        put32((int) value);
        return updateLength();
    }

    public StunWriter string(int type, String value) {
        return attribute(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An XOR-MAPPED/RELAYED/PEER-ADDRESS from a raw address of 4 or 16 bytes. */
    public StunWriter xorAddress(int type, byte[] ip, int ipLength, int port) {
        put16(type);
        put16(4 + ipLength);
        buf[pos++] = 0;
        buf[pos++] = (byte) (ipLength == 4 ? 0x01 : 0x02);
        put16(port ^ (StunReader.MAGIC_COOKIE >>> 16));
        for (int k = 0; k < ipLength; k++) {
            buf[pos++] = (byte) (ip[k] ^ buf[4 + k]);
        }
        return updateLength();
    }

    public StunWriter xorAddress(int type, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        return xorAddress(type, ip, ip.length, address.getPort());
    }

    /** ERROR-CODE: class and number, with a short reason phrase. */
    public StunWriter errorCode(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        put16(AttributeType.ERROR_CODE);
        put16(4 + text.length);
        put16(0);
        buf[pos++] = (byte) (code / 100);
        buf[pos++] = (byte) (code % 100);
        System.arraycopy(text, 0, buf, pos, text.length);
        pos += text.length;
        pad(text.length);
        return updateLength();
    }

    public StunWriter unknownAttributes(int[] types, int count) {
        put16(AttributeType.UNKNOWN_ATTRIBUTES);
        put16(2 * count);
        for (int i = 0; i < count; i++) {
            put16(types[i]);
        }
        pad(2 * count);
        return updateLength();
    }

    /** MESSAGE-INTEGRITY (HMAC-SHA1) over everything written so far. */
    public StunWriter messageIntegrity(byte[] key) {
        return integrity(AttributeType.MESSAGE_INTEGRITY, MessageIntegrity.SHA1, key);
    }

    /** MESSAGE-INTEGRITY-SHA256 (RFC 8489) over everything written so far. */
    public StunWriter messageIntegritySha256(byte[] key) {
        return integrity(AttributeType.MESSAGE_INTEGRITY_SHA256, MessageIntegrity.SHA256, key);
    }

    private StunWriter integrity(int type, MessageIntegrity algorithm, byte[] key) {
        int attributeStart = pos;
        put16(type);
        put16(algorithm.length());
        pos += algorithm.length();
        updateLength();
        algorithm.mac(key, buf, 0, attributeStart, buf, attributeStart + 4);
        return this;
    }

    public StunWriter fingerprint() {
        int attributeStart = pos;
        put16(AttributeType.FINGERPRINT);
        put16(4);
        pos += 4;
        updateLength();
        int crc = Fingerprint.compute(buf, 0, attributeStart);
        pos -= 4;
        put32(crc);
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return pos;
    }

    private StunWriter updateLength() {
        int body = pos - StunReader.HEADER_LENGTH;
        buf[2] = (byte) (body >> 8);
        buf[3] = (byte) body;
        return this;
    }

    private void pad(int valueLength) {
        while ((valueLength++ & 3) != 0) {
            buf[pos++] = padding;
        }
    }

    private void put16(int v) {
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) v;
    }

    private void put32(int v) {
        put16(v >>> 16);
        put16(v);
    }
}
