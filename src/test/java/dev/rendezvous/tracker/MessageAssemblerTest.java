package dev.rendezvous.tracker;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageAssemblerTest {

    @Test
    void singleFrameMessagesPassThroughUncopied() throws Exception {
        MessageAssembler assembler = new MessageAssembler(100);
        String text = "{}";
        assertSame(text, assembler.text(text, true));
        ByteBuffer bytes = ByteBuffer.wrap(new byte[]{1, 2});
        assertSame(bytes, assembler.binary(bytes, true));
    }

    @Test
    void fragmentsAreJoined() throws Exception {
        MessageAssembler assembler = new MessageAssembler(100);
        assertNull(assembler.text("{\"a\":", false));
        assertNull(assembler.text("1", false));
        assertEquals("{\"a\":1}", assembler.text("}", true));
        assertEquals("next", assembler.text("next", true), "the buffer is empty after a whole message");

        assertNull(assembler.binary(ByteBuffer.wrap("ab".getBytes(StandardCharsets.UTF_8)), false));
        ByteBuffer joined = assembler.binary(ByteBuffer.wrap("cd".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals("abcd", StandardCharsets.UTF_8.decode(joined).toString());
    }

    @Test
    void wholeMessagesOverTheLimitAreRefusedCountingUtf8Bytes() throws Exception {
        MessageAssembler assembler = new MessageAssembler(10);
        assertNull(assembler.text("12345", false));
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.text("\u00e9\u00e9\u00e9", true)); // 5 + 6 bytes
        assertEquals("ok", assembler.text("ok", true), "usable again after a refusal");

        assertNull(assembler.binary(ByteBuffer.allocate(6), false));
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.binary(ByteBuffer.allocate(5), true));
        assertEquals(10, assembler.binary(ByteBuffer.allocate(10), true).remaining());
    }

    @Test
    void anOversizeFragmentedMessageIsRefusedAtItsLastFragmentWithoutBeingHeld() throws Exception {
        MessageAssembler assembler = new MessageAssembler(10);
        assertNull(assembler.text("123456", false));
        assertNull(assembler.text("789012", false), "over the limit, and dropped");
        assertNull(assembler.text("x".repeat(1000), false));
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.text("end", true));
        assertEquals("ok", assembler.text("ok", true));

        assertNull(assembler.binary(ByteBuffer.allocate(8), false));
        assertNull(assembler.binary(ByteBuffer.allocate(8), false));
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.binary(ByteBuffer.allocate(8), true));
    }

    @Test
    void anOversizeMessageThatGoesOnIsRefusedOnceTheDiscardLimitIsPassed() throws Exception {
        MessageAssembler assembler = new MessageAssembler(10);
        assertNull(assembler.text("x".repeat(11), false));
        String chunk = "x".repeat(MessageAssembler.MAX_DISCARDED / 4);
        for (int i = 0; i < 4; i++) {
            assertNull(assembler.text(chunk, false), "still within what may be dropped");
        }
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.text("x", false));
    }

    @Test
    void singleFrameMessagesOverTheLimitAreRefusedToo() throws Exception {
        MessageAssembler assembler = new MessageAssembler(10);
        assertEquals("1234567890", assembler.text("1234567890", true));
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.text("12345678901", true));
        assertEquals("\u00e9\u00e9\u00e9\u00e9\u00e9", assembler.text("\u00e9\u00e9\u00e9\u00e9\u00e9", true), "10 bytes");
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.text("\u00e9\u00e9\u00e9\u00e9\u00e9a", true), "11 bytes in 6 chars");
        assertEquals(10, assembler.binary(ByteBuffer.allocate(10), true).remaining());
        assertThrows(MessageAssembler.TooBig.class, () -> assembler.binary(ByteBuffer.allocate(11), true));
    }
}
