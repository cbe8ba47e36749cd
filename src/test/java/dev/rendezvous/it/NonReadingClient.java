package dev.rendezvous.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw WebSocket client that announces and then never reads a byte after the handshake, with a small receive
 * buffer so that the server's frames back up quickly. It either goes quiet after its first announce, or floods
 * announces (whose responses it never reads) until the server gives up on it.
 */
final class NonReadingClient implements AutoCloseable {
    final AtomicInteger written = new AtomicInteger();
    private final Socket raw = new Socket();
    private final Thread writer;

    NonReadingClient(int port, String room, String peerId, boolean flood) throws IOException {
        raw.setReceiveBufferSize(4096); // fills after a few dozen frames
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = raw.getOutputStream();
        out.write(("GET /announce HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = raw.getInputStream();
        for (int matched = 0; matched < 4; ) { // the 101 response's headers; nothing is read after them
            int b = in.read();
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        byte[] frame = maskedText(Frames.announce(room, peerId, ""));
        out.write(frame);
        written.incrementAndGet();
        if (!flood) {
            writer = null;
            return;
        }
        writer = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    out.write(frame);
                    written.incrementAndGet();
                }
            } catch (IOException closedByTheServer) {
                // expected: the server gave up on this client
            }
        });
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.interrupt();
        }
        raw.close();
    }

    /** A client's text frame, masked as RFC 6455 requires (with a zero mask, which leaves the bytes as they are). */
    static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length).put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        return Arrays.copyOf(frame.putInt(0).put(payload).array(), frame.position());
    }
}
