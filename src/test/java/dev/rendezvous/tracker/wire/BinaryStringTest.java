package dev.rendezvous.tracker.wire;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryStringTest {

    @Test
    void everyByteValueRoundTripsThroughJsonTextAndUtf8() {
        for (int start = 0; start < 256; start += 20) {
            byte[] id = new byte[20];
            for (int i = 0; i < 20; i++) {
                id[i] = (byte) ((start + i) % 256);
            }
            String binary = BinaryString.fromBytes(id);
            assertTrue(BinaryString.isId(binary));

            String frame = OutboundEncoder.text(new OutboundMessage.AnnounceResponse(120, binary, 0, 0));
            byte[] wire = frame.getBytes(StandardCharsets.UTF_8);
            JsonObject parsed = Json.createReader(new StringReader(new String(wire, StandardCharsets.UTF_8))).readObject();

            assertEquals(binary, parsed.getString("info_hash"));
            assertArrayEquals(id, BinaryString.toBytes(parsed.getString("info_hash")));
        }
    }

    @Test
    void controlCharactersAreEscapedAndHighBytesAreTwoByteUtf8() {
        String binary = BinaryString.fromBytes(new byte[]{0, 0x1f, 0x22, 0x5c, (byte) 0x80, (byte) 0xff});
        String frame = OutboundEncoder.text(new OutboundMessage.ErrorResponse("x", "announce", binary));
        assertTrue(frame.contains("\\u0000"), frame);
        assertTrue(frame.contains("\\u001f") || frame.contains("\\u001F"), frame);
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        assertTrue(containsSequence(utf8, new byte[]{(byte) 0xc2, (byte) 0x80, (byte) 0xc3, (byte) 0xbf}));
    }

    @Test
    void idsAreExactlyTwentyLatin1Characters() {
        assertTrue(BinaryString.isId("a".repeat(20)));
        assertFalse(BinaryString.isId("a".repeat(19)));
        assertFalse(BinaryString.isId("a".repeat(21)));
        assertFalse(BinaryString.isId("a".repeat(19) + "\u0100"));
        assertTrue(BinaryString.isId("a".repeat(19) + "\u00ff"));
    }

    @Test
    void offerIdsAreOpaqueUpToSixtyFourCharacters() {
        assertTrue(BinaryString.isOfferId("x".repeat(16)));
        assertTrue(BinaryString.isOfferId("x".repeat(64)));
        assertFalse(BinaryString.isOfferId(""));
        assertFalse(BinaryString.isOfferId("x".repeat(65)));
        assertFalse(BinaryString.isOfferId("\u20ac"));
    }

    @Test
    void hexIsLowercaseTwoDigitsPerByte() {
        assertEquals("00ff7f", BinaryString.toHex(BinaryString.fromBytes(new byte[]{0, (byte) 0xff, 0x7f})));
        assertThrows(IllegalArgumentException.class, () -> BinaryString.toBytes("\u0100"));
    }

    private static boolean containsSequence(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
