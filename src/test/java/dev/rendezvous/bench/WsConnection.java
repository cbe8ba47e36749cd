package dev.rendezvous.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket for the load generator, driven by a selector thread: the HTTP upgrade, masked text frames
 * out, unmasked frames in (text handed to the listener, pings answered). Lean on purpose, so that one generator
 * thread can keep thousands of sockets busy and the server, not the generator, is what a benchmark measures.
 */
final class WsConnection {
    interface Listener {
        void onOpen(WsConnection connection);

        void onText(WsConnection connection, String text);

        void onClosed(WsConnection connection, String why);
    }

    final int index;
    private final SocketChannel channel;
    private final Listener listener;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private final byte[] mask = new byte[4];
    private SelectionKey key;
    private boolean open;
    private boolean closed;
    /** Per-connection state the generator keeps (send times of outstanding announces, ids). */
    final ArrayDeque<Long> pending = new ArrayDeque<>();
    String peerId;
    String infoHash;

    private WsConnection(int index, SocketChannel channel, Listener listener) {
        this.index = index;
        this.channel = channel;
        this.listener = listener;
    }

    static WsConnection connect(int index, URI uri, Selector selector, Listener listener) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        WsConnection connection = new WsConnection(index, channel, listener);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
        connection.out.add(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
        return connection;
    }

    boolean isOpen() {
        return open && !closed;
    }

    void sendText(String text) {
        if (closed) {
            return;
        }
        send(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Queues one masked frame (FIN set, {@code opcode}) and writes what the socket takes. */
    private void send(int opcode, byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65_536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + payload.length);
        frame.put((byte) opcode);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65_536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        out.add(frame.flip());
        flush();
    }

    /** Handles the selector's readiness for this connection. */
    void ready() {
        try {
            if (key.isConnectable() && channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                flush();
            }
            if (key.isValid() && key.isWritable()) {
                flush();
            }
            if (key.isValid() && key.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            close(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void flush() {
        try {
            while (!out.isEmpty()) {
                ByteBuffer next = out.peek();
                channel.write(next);
                if (next.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (key.isValid() && (key.interestOps() & SelectionKey.OP_CONNECT) == 0) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            close("write: " + e.getMessage());
        }
    }

    private void read() throws IOException {
        if (channel.read(in) < 0) {
            close("closed by the server");
            return;
        }
        in.flip();
        if (!open) {
            int end = headerEnd();
            if (end < 0) {
                in.compact();
                return;
            }
            String response = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
            if (!response.startsWith("HTTP/1.1 101")) {
                close("handshake: " + response.lines().findFirst().orElse(""));
                return;
            }
            in.position(end);
            open = true;
            listener.onOpen(this);
        }
        while (in.remaining() >= 2) {
            int start = in.position();
            int opcode = in.get(start) & 0x0F;
            int length = in.get(start + 1) & 0x7F;
            int header = 2;
            if (length == 126) {
                if (in.remaining() < 4) {
                    break;
                }
                length = in.getShort(start + 2) & 0xFFFF;
                header = 4;
            } else if (length == 127) {
                if (in.remaining() < 10) {
                    break;
                }
                length = (int) in.getLong(start + 2);
                header = 10;
            }
            if (in.remaining() < header + length) {
                if (header + length > in.capacity()) {
                    close("frame of " + length + " bytes is larger than the generator's buffer");
                    return;
                }
                break;
            }
            if (opcode == 0x1) {
                listener.onText(this, new String(in.array(), start + header, length, StandardCharsets.UTF_8));
            } else if (opcode == 0x9) {
                byte[] body = new byte[length];
                System.arraycopy(in.array(), start + header, body, 0, length);
                send(0x8A, body); // pong
            } else if (opcode == 0x8) {
                close("close frame from the server");
                return;
            }
            in.position(start + header + length);
        }
        in.compact();
    }

    private int headerEnd() {
        byte[] a = in.array();
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    void close(String why) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        listener.onClosed(this, why);
    }
}
