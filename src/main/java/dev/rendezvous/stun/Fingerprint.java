package dev.rendezvous.stun;

import java.util.zip.CRC32;

/** FINGERPRINT: CRC-32 of the message up to the attribute, XOR 0x5354554E (RFC 8489 section 14.7). */
public final class Fingerprint {
    private static final int XOR = 0x5354554E;

    private Fingerprint() {
    }

    /** The header length must already count the FINGERPRINT attribute. */
    static int compute(byte[] message, int start, int attributeStart) {
        CRC32 crc = new CRC32();
        crc.update(message, start, attributeStart - start);
        return (int) crc.getValue() ^ XOR;
    }

    /** True when there is no FINGERPRINT, or when it matches; false for a mismatch. */
    public static boolean validOrAbsent(StunReader reader) {
        int index = reader.find(AttributeType.FINGERPRINT);
        if (index < 0) {
            return true;
        }
        if (reader.valueLength(index) != 4) {
            return false;
        }
        byte[] message = reader.buffer();
        int start = reader.start();
        int attributeStart = reader.valueOffset(index) - 4;
        // FINGERPRINT is last, so the header's length already counts it.
        return compute(message, start, attributeStart) == StunReader.u32(message, attributeStart + 4);
    }
}
