package dev.rendezvous.stun;

import dev.rendezvous.auth.LongTermKey;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test vectors of RFC 5769, read and written. */
class Rfc5769VectorsTest {
    private static final byte[] SHORT_TERM_KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private static final HexFormat HEX = HexFormat.of();

    static final byte[] REQUEST = HEX.parseHex(("00010058 2112a442 b7e7a701bc34d686fa87dfae 80220010 5354554e207465737420636c69656e74"
            + "00240004 6e0001ff 80290008 932ff9b151263b36 00060009 6576746a3a68367659202020"
            + "00080014 9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2 80280004 e57a3bcf").replace(" ", ""));
    static final byte[] IPV4_RESPONSE = HEX.parseHex(("0101003c 2112a442 b7e7a701bc34d686fa87dfae 8022000b 7465737420766563746f7220"
            + "00200008 0001a147e112a643 00080014 2b91f599fd9e90c38c7489f92af9ba53f06be7d7 80280004 c07d4c96").replace(" ", ""));
    static final byte[] IPV6_RESPONSE = HEX.parseHex(("01010048 2112a442 b7e7a701bc34d686fa87dfae 8022000b 7465737420766563746f7220"
            + "00200014 0002a1470113a9faa5d3f179bc25f4b5bed2b9d9 00080014 a382954e4be67bf11784c97c8292c275bfe3ed41"
            + "80280004 c8fb0b4c").replace(" ", ""));
    static final byte[] LONG_TERM_REQUEST = HEX.parseHex(("00010060 2112a442 78ad3433c6ad72c029da412e 00060012 e3839ee38388e383aae38383e382afe382b90000"
            + "0015001c 662f2f3439396b39353464364f4c33346f4c39465354767936347341 0014000b 6578616d706c652e6f726700"
            + "00080014 f67024656dd64a3e02b8e0712e85c9a28ca89666").replace(" ", ""));
    private static final byte[] TXID = HEX.parseHex("b7e7a701bc34d686fa87dfae");

    private static StunReader read(byte[] message) {
        StunReader reader = new StunReader();
        assertEquals(StunReader.Result.OK, reader.read(message, 0, message.length));
        return reader;
    }

    @Test
    void sampleRequestReads() {
        StunReader r = read(REQUEST);
        assertEquals(MessageType.BINDING, r.method());
        assertEquals(MessageType.REQUEST, r.messageClass());
        assertEquals("STUN test client", r.string(AttributeType.SOFTWARE));
        assertEquals(0x6e0001ffL, r.u32Value(AttributeType.PRIORITY));
        assertEquals("evtj:h6vY", r.string(AttributeType.USERNAME));
        assertTrue(MessageIntegrity.SHA1.verify(r, SHORT_TERM_KEY));
        assertTrue(Fingerprint.validOrAbsent(r));
        assertFalse(MessageIntegrity.SHA1.verify(r, "wrong".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sampleRequestWrites() {
        StunWriter w = new StunWriter(200).padding((byte) ' ')
                .begin(MessageType.of(MessageType.BINDING, MessageType.REQUEST), TXID, 0)
                .string(AttributeType.SOFTWARE, "STUN test client")
                .u32(AttributeType.PRIORITY, 0x6e0001ffL)
                .attribute(AttributeType.ICE_CONTROLLED, HEX.parseHex("932ff9b151263b36"))
                .string(AttributeType.USERNAME, "evtj:h6vY")
                .messageIntegrity(SHORT_TERM_KEY)
                .fingerprint();
        assertArrayEquals(REQUEST, java.util.Arrays.copyOf(w.buffer(), w.length()));
    }

    @Test
    void ipv4ResponseReadsAndWrites() throws Exception {
        StunReader r = read(IPV4_RESPONSE);
        assertEquals(MessageType.SUCCESS, r.messageClass());
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertEquals(mapped, r.xorAddress(AttributeType.XOR_MAPPED_ADDRESS));
        assertTrue(MessageIntegrity.SHA1.verify(r, SHORT_TERM_KEY));
        assertTrue(Fingerprint.validOrAbsent(r));

        StunWriter w = new StunWriter(200).padding((byte) ' ')
                .begin(MessageType.of(MessageType.BINDING, MessageType.SUCCESS), TXID, 0)
                .string(AttributeType.SOFTWARE, "test vector")
                .xorAddress(AttributeType.XOR_MAPPED_ADDRESS, mapped)
                .messageIntegrity(SHORT_TERM_KEY)
                .fingerprint();
        assertArrayEquals(IPV4_RESPONSE, java.util.Arrays.copyOf(w.buffer(), w.length()));
    }

    @Test
    void ipv6ResponseReadsAndWrites() throws Exception {
        StunReader r = read(IPV6_RESPONSE);
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        assertEquals(mapped, r.xorAddress(AttributeType.XOR_MAPPED_ADDRESS));
        assertTrue(MessageIntegrity.SHA1.verify(r, SHORT_TERM_KEY));
        assertTrue(Fingerprint.validOrAbsent(r));

        StunWriter w = new StunWriter(200).padding((byte) ' ')
                .begin(MessageType.of(MessageType.BINDING, MessageType.SUCCESS), TXID, 0)
                .string(AttributeType.SOFTWARE, "test vector")
                .xorAddress(AttributeType.XOR_MAPPED_ADDRESS, mapped)
                .messageIntegrity(SHORT_TERM_KEY)
                .fingerprint();
        assertArrayEquals(IPV6_RESPONSE, java.util.Arrays.copyOf(w.buffer(), w.length()));
    }

    @Test
    void longTermRequestReadsAndWritesWithTheSaslPreppedKey() {
        String username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        byte[] key = LongTermKey.derive(username, "example.org", "The\u00ADM\u00AAtr\u2168").orElseThrow();
        assertEquals("e8ca7ad59d5eb0518e312911d2dab2a9", HEX.formatHex(key));

        StunReader r = read(LONG_TERM_REQUEST);
        assertEquals(username, r.string(AttributeType.USERNAME));
        assertEquals("example.org", r.string(AttributeType.REALM));
        assertEquals("f//499k954d6OL34oL9FSTvy64sA", r.string(AttributeType.NONCE));
        assertTrue(MessageIntegrity.SHA1.verify(r, key));

        StunWriter w = new StunWriter(200)
                .begin(MessageType.of(MessageType.BINDING, MessageType.REQUEST), HEX.parseHex("78ad3433c6ad72c029da412e"), 0)
                .string(AttributeType.USERNAME, username)
                .string(AttributeType.NONCE, "f//499k954d6OL34oL9FSTvy64sA")
                .string(AttributeType.REALM, "example.org")
                .messageIntegrity(key);
        assertArrayEquals(LONG_TERM_REQUEST, java.util.Arrays.copyOf(w.buffer(), w.length()));
    }
}
