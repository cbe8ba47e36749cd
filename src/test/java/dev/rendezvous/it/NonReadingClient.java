package dev.rendezvous.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
        RawWebSocket.upgrade(raw);
        OutputStream out = raw.getOutputStream();
        byte[] frame = RawWebSocket.maskedText(Frames.announce(room, peerId, ""));
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
}
