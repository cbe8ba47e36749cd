package dev.rendezvous.stun;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1) and MESSAGE-INTEGRITY-SHA256: an HMAC over the message up to the attribute,
 * with the header's length counting up to the end of the attribute (RFC 8489 sections 14.5 and 14.6).
 */
public enum MessageIntegrity {
    SHA1("HmacSHA1", AttributeType.MESSAGE_INTEGRITY, 20),
    SHA256("HmacSHA256", AttributeType.MESSAGE_INTEGRITY_SHA256, 32);

    private final String algorithm;
    private final int attributeType;
    private final int length;
    private final ThreadLocal<Mac> macs;

    MessageIntegrity(String algorithm, int attributeType, int length) {
        this.algorithm = algorithm;
        this.attributeType = attributeType;
        this.length = length;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance(algorithm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
            }
        });
    }

    public int length() {
        return length;
    }

    public int attributeType() {
        return attributeType;
    }

    /**
     * Writes the HMAC of {@code message[start, start + attributeStart)} into {@code out}; the header length
     * must already count this attribute.
     */
    void mac(byte[] key, byte[] message, int start, int attributeStart, byte[] out, int outOffset) {
        Mac mac = macs.get();
        try {
            mac.init(new SecretKeySpec(key, algorithm));
            mac.update(message, start, attributeStart - start);
            mac.doFinal(out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the message {@code reader} holds carries this integrity attribute and it is right for {@code key},
     * compared in constant time.
     */
    public boolean verify(StunReader reader, byte[] key) {
        int index = reader.find(attributeType);
        if (index < 0 || reader.valueLength(index) != length) {
            return false;
        }
        byte[] message = reader.buffer();
        int start = reader.start();
        int attributeStart = reader.valueOffset(index) - 4;
        // The header must count the message up to the end of this attribute, whatever follows it.
        byte[] header = {message[start], message[start + 1], 0, 0};
        int countedLength = attributeStart + 4 + length - start - StunReader.HEADER_LENGTH;
        header[2] = (byte) (countedLength >> 8);
        header[3] = (byte) countedLength;
        Mac mac = macs.get();
        byte[] expected;
        try {
            mac.init(new SecretKeySpec(key, algorithm));
            mac.update(header);
            mac.update(message, start + 4, attributeStart - start - 4);
            expected = mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] actual = java.util.Arrays.copyOfRange(message, attributeStart + 4, attributeStart + 4 + length);
        return MessageDigest.isEqual(expected, actual);
    }
}
