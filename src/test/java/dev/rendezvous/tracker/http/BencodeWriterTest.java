package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.AddressPeer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BencodeWriterTest {

    private static String text(BencodeWriter writer) {
        return new String(writer.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void integersAreDecimalWithoutLeadingZeros() {
        assertEquals("i0ei7ei-42ei9223372036854775807ei-9223372036854775807e", text(new BencodeWriter(1)
                .integer(0).integer(7).integer(-42).integer(Long.MAX_VALUE).integer(-Long.MAX_VALUE)));
    }

    @Test
    void stringsCarryTheirByteLengthAndBinaryBytesVerbatim() {
        String binary = "\u0000\u00ff\u0080 %&=";
        byte[] out = new BencodeWriter(1).string("").string("spam").string(binary).toByteArray();
        byte[] expected = ("0:4:spam7:" + binary).getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, out);
        assertEquals(binary, BencodeDecoder.decode(new BencodeWriter(1).string(binary).toByteArray()));
    }

    @Test
    void aCharacterAboveU00ffIsABugNotABody() {
        assertThrows(IllegalArgumentException.class, () -> new BencodeWriter(8).string("\u0100"));
    }

    @Test
    void nestedDictionariesAndListsRoundTripThroughAnIndependentDecoder() {
        byte[] out = new BencodeWriter(4).startDictionary()
                .key("a").startList().integer(1).string("x").startList().end().end()
                .key("b").startDictionary().key("c").integer(-1).end()
                .end().toByteArray();
        assertEquals("d1:ali1e1:xlee1:bd1:ci-1eee", new String(out, StandardCharsets.US_ASCII));
        assertEquals(Map.of("a", List.of(1L, "x", List.of()), "b", Map.of("c", -1L)), BencodeDecoder.decode(out));
    }

    @Test
    void aStringHeaderThenACompactPeerMakeOneString() {
        byte[] out = new BencodeWriter(2).stringHeader(6)
                .compact(new AddressPeer("-WW0300-000000000001", new byte[]{127, 0, 0, 1}, 51413)).toByteArray();
        assertArrayEquals(new byte[]{'6', ':', 127, 0, 0, 1, (byte) 0xC8, (byte) 0xD5}, out);
    }

    @Test
    void theBufferGrowsFromAnySmallStart() throws Exception {
        BencodeWriter writer = new BencodeWriter(0).startList();
        for (int i = 0; i < 10_000; i++) {
            writer.integer(i);
        }
        writer.end();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        writer.writeTo(sink);
        assertEquals(writer.size(), sink.size());
        assertEquals(10_000, ((List<?>) BencodeDecoder.decode(sink.toByteArray())).size());
    }

    @Test
    void theTestDecoderRefusesNonCanonicalInputSoItCanCatchUnsortedKeys() {
        for (String bad : List.of("d1:bi1e1:ai2ee", "d1:ai1e1:ai2ee", "i01e", "i-0e", "i1", "4:abc", "i1ei2e", "di1ei2ee")) {
            assertThrows(IllegalArgumentException.class, () -> BencodeDecoder.decode(bad.getBytes(StandardCharsets.US_ASCII)), bad);
        }
    }
}
