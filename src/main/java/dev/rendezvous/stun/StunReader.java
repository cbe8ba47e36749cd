package dev.rendezvous.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one STUN message in place: it checks the header and every attribute's bounds, and records where each
 * attribute's value lies, without copying or allocating. Reuse one reader per thread for each packet.
 * Nothing after FINGERPRINT is allowed; after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and
 * FINGERPRINT are read (RFC 8489 section 14.5: the rest is ignored).
 */
public final class StunReader {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    /** More attributes than any valid TURN message carries. */
    public static final int MAX_ATTRIBUTES = 32;

    /** The outcome of {@link #read}. */
    public enum Result {
        /** A well-formed message. */
        OK,
        /** Not STUN at all (too short, top bits set, no magic cookie): drop silently. */
        NOT_STUN,
        /** STUN, but a length or an attribute does not fit: drop, or answer 400 where it can be parsed. */
        MALFORMED
    }

    private byte[] buf;
    private int start;
    private int length;
    private int type;
    private int count;
    private final int[] types = new int[MAX_ATTRIBUTES];
    private final int[] offsets = new int[MAX_ATTRIBUTES];
    private final int[] lengths = new int[MAX_ATTRIBUTES];

    /**
     * @param available bytes from {@code offset} that belong to this datagram or stream; the message must fill
     *                  exactly its header's length of them (a datagram with trailing bytes is malformed)
     */
    public Result read(byte[] buffer, int offset, int available) {
        count = 0;
        if (available < HEADER_LENGTH || (buffer[offset] & 0xC0) != 0 || u32(buffer, offset + 4) != MAGIC_COOKIE) {
            return Result.NOT_STUN;
        }
        int bodyLength = u16(buffer, offset + 2);
        if ((bodyLength & 3) != 0 || HEADER_LENGTH + bodyLength != available) {
            return Result.MALFORMED;
        }
        buf = buffer;
        start = offset;
        length = HEADER_LENGTH + bodyLength;
        type = u16(buffer, offset);
        int end = offset + length;
        int pos = offset + HEADER_LENGTH;
        boolean afterIntegrity = false;
        boolean afterFingerprint = false;
        while (pos < end) {
            if (pos + 4 > end || afterFingerprint) {
                return malformed();
            }
            int attrType = u16(buffer, pos);
            int attrLength = u16(buffer, pos + 2);
            int next = pos + 4 + ((attrLength + 3) & ~3);
            if (next > end) {
                return malformed();
            }
            boolean keep = !afterIntegrity || attrType == AttributeType.MESSAGE_INTEGRITY_SHA256
                    || attrType == AttributeType.FINGERPRINT;
            if (keep) {
                if (count == MAX_ATTRIBUTES) {
                    return malformed();
                }
                types[count] = attrType;
                offsets[count] = pos + 4;
                lengths[count] = attrLength;
                count++;
            }
            afterIntegrity |= attrType == AttributeType.MESSAGE_INTEGRITY;
            afterFingerprint |= attrType == AttributeType.FINGERPRINT;
            pos = next;
        }
        return Result.OK;
    }

    private Result malformed() {
        count = 0;
        return Result.MALFORMED;
    }

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int length() {
        return length;
    }

    public int type() {
        return type;
    }

    public int method() {
        return MessageType.method(type);
    }

    public int messageClass() {
        return MessageType.messageClass(type);
    }

    public int transactionIdOffset() {
        return start + 8;
    }

    public byte[] transactionId() {
        return Arrays.copyOfRange(buf, start + 8, start + HEADER_LENGTH);
    }

    public int attributeCount() {
        return count;
    }

    public int attributeType(int index) {
        return types[index];
    }

    public int valueOffset(int index) {
        return offsets[index];
    }

    public int valueLength(int index) {
        return lengths[index];
    }

    /** The index of the first attribute of {@code attrType}, or -1. */
    public int find(int attrType) {
        for (int i = 0; i < count; i++) {
            if (types[i] == attrType) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(int attrType) {
        return find(attrType) >= 0;
    }

    /**
     * Fills {@code unknown} with the comprehension-required attribute types this server does not understand.
     *
     * @return how many there are (at most {@code unknown.length})
     */
    public int unknownComprehensionRequired(int[] unknown) {
        int n = 0;
        for (int i = 0; i < count && n < unknown.length; i++) {
            if (!AttributeType.understood(types[i])) {
                unknown[n++] = types[i];
            }
        }
        return n;
    }

    /** A 32-bit value, or -1 when the attribute is absent or not 4 bytes long. */
    public long u32Value(int attrType) {
        int i = find(attrType);
        return i < 0 || lengths[i] != 4 ? -1 : u32(buf, offsets[i]) & 0xFFFFFFFFL;
    }

    /** A UTF-8 text attribute (USERNAME, REALM, NONCE), or null when absent. */
    public String string(int attrType) {
        int i = find(attrType);
        return i < 0 ? null : new String(buf, offsets[i], lengths[i], StandardCharsets.UTF_8);
    }

    /** The value of the first XOR-...-ADDRESS attribute of {@code attrType}, or null when absent or malformed. */
    public InetSocketAddress xorAddress(int attrType) {
        int i = find(attrType);
        return i < 0 ? null : xorAddressAt(i);
    }

    /** The value of the XOR address attribute at {@code index}, or null when malformed. */
    public InetSocketAddress xorAddressAt(int index) {
        byte[] ip = new byte[16];
        int ipLength = xorAddress(index, ip);
        if (ipLength < 0) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOf(ip, ipLength)), xorPort(index));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Decodes the address of the XOR address attribute at {@code index} into {@code ip} (16 bytes), allocation
     * free.
     *
     * @return 4 or 16, or -1 if the attribute is malformed
     */
    public int xorAddress(int index, byte[] ip) {
        int off = offsets[index];
        int len = lengths[index];
        int family = len >= 4 ? buf[off + 1] : 0;
        int ipLength = family == 0x01 ? 4 : family == 0x02 ? 16 : -1;
        if (ipLength < 0 || len != 4 + ipLength) {
            return -1;
        }
        for (int k = 0; k < ipLength; k++) {
            // The first four bytes XOR the magic cookie; the rest of an IPv6 address XORs the transaction id.
            ip[k] = (byte) (buf[off + 4 + k] ^ buf[start + 4 + k]);
        }
        return ipLength;
    }

    public int xorPort(int index) {
        return u16(buf, offsets[index] + 2) ^ (MAGIC_COOKIE >>> 16);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int u32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
