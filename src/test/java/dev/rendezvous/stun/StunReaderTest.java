package dev.rendezvous.stun;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StunReaderTest {
    private final StunReader reader = new StunReader();
    private static final byte[] TXID = new byte[12];

    private static byte[] bytes(StunWriter w) {
        return Arrays.copyOf(w.buffer(), w.length());
    }

    @Test
    void messageTypesInterleaveMethodAndClass() {
        assertEquals(0x0001, MessageType.of(MessageType.BINDING, MessageType.REQUEST));
        assertEquals(0x0101, MessageType.of(MessageType.BINDING, MessageType.SUCCESS));
        assertEquals(0x0111, MessageType.of(MessageType.BINDING, MessageType.ERROR));
        assertEquals(0x0016, MessageType.of(MessageType.SEND, MessageType.INDICATION));
        assertEquals(0x0017, MessageType.of(MessageType.DATA, MessageType.INDICATION));
        assertEquals(0x0003, MessageType.of(MessageType.ALLOCATE, MessageType.REQUEST));
        assertEquals(0x0113, MessageType.response(0x0003, false));
        for (int method = 0; method < 0x1000; method += 0x101) {
            for (int cls = 0; cls < 4; cls++) {
                int type = MessageType.of(method, cls);
                assertEquals(method, MessageType.method(type));
                assertEquals(cls, MessageType.messageClass(type));
            }
        }
    }

    @Test
    void truncatedHeadersAndWrongCookiesAreNotStun() {
        byte[] valid = Rfc5769VectorsTest.REQUEST;
        for (int n = 0; n < 20; n++) {
            assertEquals(StunReader.Result.NOT_STUN, reader.read(valid, 0, n));
        }
        byte[] cookie = valid.clone();
        cookie[5] ^= 1;
        assertEquals(StunReader.Result.NOT_STUN, reader.read(cookie, 0, cookie.length));
        byte[] topBits = valid.clone();
        topBits[0] |= 0x40; // ChannelData and other protocols start 01/10/11
        assertEquals(StunReader.Result.NOT_STUN, reader.read(topBits, 0, topBits.length));
    }

    @Test
    void lengthsThatDoNotMatchTheDatagramAreMalformed() {
        byte[] valid = Rfc5769VectorsTest.REQUEST;
        assertEquals(StunReader.Result.MALFORMED, reader.read(valid, 0, valid.length - 4), "length past the datagram");
        byte[] longer = Arrays.copyOf(valid, valid.length + 4);
        assertEquals(StunReader.Result.MALFORMED, reader.read(longer, 0, longer.length), "trailing bytes");
        byte[] odd = valid.clone();
        odd[3] = 0x57;
        assertEquals(StunReader.Result.MALFORMED, reader.read(odd, 0, odd.length), "length not a multiple of 4");
    }

    @Test
    void attributesOverrunningTheMessageAreMalformed() {
        byte[] m = bytes(new StunWriter(64).begin(0x0001, TXID, 0).u32(AttributeType.PRIORITY, 7));
        m[22] = 0;
        m[23] = 9; // PRIORITY claims 9 bytes (12 with padding), only 4 follow
        assertEquals(StunReader.Result.MALFORMED, reader.read(m, 0, m.length));
        m[23] = (byte) 0xFF;
        m[22] = (byte) 0xFF;
        assertEquals(StunReader.Result.MALFORMED, reader.read(m, 0, m.length));
    }

    @Test
    void nothingMayFollowFingerprintAndOnlyIntegrityAndFingerprintCountAfterIntegrity() {
        byte[] m = bytes(new StunWriter(128).begin(0x0001, TXID, 0).fingerprint().u32(AttributeType.PRIORITY, 1));
        assertEquals(StunReader.Result.MALFORMED, reader.read(m, 0, m.length));

        byte[] key = {1, 2, 3};
        byte[] after = bytes(new StunWriter(128).begin(0x0001, TXID, 0).messageIntegrity(key)
                .u32(AttributeType.PRIORITY, 1).fingerprint());
        assertEquals(StunReader.Result.OK, reader.read(after, 0, after.length));
        assertFalse(reader.has(AttributeType.PRIORITY), "ignored after MESSAGE-INTEGRITY");
        assertTrue(reader.has(AttributeType.FINGERPRINT));
    }

    @Test
    void tamperingBreaksIntegrityAndFingerprint() {
        byte[] key = {9, 9, 9};
        byte[] m = bytes(new StunWriter(128).begin(0x0003, TXID, 0).u32(AttributeType.LIFETIME, 600)
                .messageIntegrity(key).messageIntegritySha256(key).fingerprint());
        assertEquals(StunReader.Result.OK, reader.read(m, 0, m.length));
        assertTrue(MessageIntegrity.SHA1.verify(reader, key));
        assertTrue(MessageIntegrity.SHA256.verify(reader, key));
        assertTrue(Fingerprint.validOrAbsent(reader));

        byte[] tampered = m.clone();
        tampered[27] ^= 1; // LIFETIME's value
        assertEquals(StunReader.Result.OK, reader.read(tampered, 0, tampered.length));
        assertFalse(MessageIntegrity.SHA1.verify(reader, key));
        assertFalse(MessageIntegrity.SHA256.verify(reader, key));
        assertFalse(Fingerprint.validOrAbsent(reader));
    }

    @Test
    void unknownComprehensionRequiredAttributesAreListed() {
        byte[] m = bytes(new StunWriter(128).begin(0x0003, TXID, 0)
                .u32(0x7F01, 1).u32(0xC001, 2).u32(AttributeType.LIFETIME, 3).u32(0x0031, 4));
        assertEquals(StunReader.Result.OK, reader.read(m, 0, m.length));
        int[] unknown = new int[8];
        assertEquals(2, reader.unknownComprehensionRequired(unknown));
        assertEquals(0x7F01, unknown[0]);
        assertEquals(0x0031, unknown[1]);
    }

    @Test
    void tooManyAttributesAreMalformed() {
        StunWriter w = new StunWriter(1024).begin(0x0001, TXID, 0);
        for (int i = 0; i <= StunReader.MAX_ATTRIBUTES; i++) {
            w.u32(0x8100 + i, i);
        }
        byte[] m = bytes(w);
        assertEquals(StunReader.Result.MALFORMED, reader.read(m, 0, m.length));
    }

    @Test
    void readsAtAnOffsetInsideALargerBuffer() {
        byte[] message = Rfc5769VectorsTest.IPV4_RESPONSE;
        byte[] framed = new byte[message.length + 10];
        System.arraycopy(message, 0, framed, 7, message.length);
        assertEquals(StunReader.Result.OK, reader.read(framed, 7, message.length));
        assertEquals(32853, reader.xorAddress(AttributeType.XOR_MAPPED_ADDRESS).getPort());
    }
}
