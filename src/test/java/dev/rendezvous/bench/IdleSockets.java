package dev.rendezvous.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many WebSockets that open, optionally announce once, and then stay idle: what a public tracker holds between
 * announces. As lean as a client can be, so that thousands fit in a test's JVM: one selector, one shared read
 * buffer, and per socket only its channel and a few counters (no per-socket buffers, no threads). It reads only
 * while opening (the 101 and the announce's answer); held sockets are read again by {@link #countOpen()} and at
 * {@link #close()}. Pings are answered while it reads.
 */
public final class IdleSockets implements AutoCloseable {
    private static final byte[] SWITCHING = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);
    private static final int BATCH = 200; // a listen backlog is finite

    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private final List<Socket> sockets = new ArrayList<>();
    private final String path;
    private final String host;
    private final int port;
    private final boolean announce;
    private int opened;
    private int answered;
    private int failed;
    private String firstFailure;

    private IdleSockets(String host, int port, String path, boolean announce) throws IOException {
        this.selector = Selector.open();
        this.host = host;
        this.port = port;
        this.path = path;
        this.announce = announce;
    }

    /**
     * Opens {@code count} sockets to {@code ws://host:port/path}; with {@code announce}, each announces once (in
     * a room of ten sockets, no offers) and its answer is awaited. Returns once all are open (and answered), or
     * failed, or {@code timeoutMillis} passed.
     */
    public static IdleSockets open(String host, int port, String path, int count, boolean announce, long timeoutMillis)
            throws IOException {
        IdleSockets idle = new IdleSockets(host, port, path, announce);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (int i = 0; i < count; i++) {
            idle.connect(i);
            if (i % BATCH == BATCH - 1 || i == count - 1) {
                int target = i + 1;
                while (idle.settled() < target && System.currentTimeMillis() < deadline) {
                    idle.poll(50);
                }
            }
        }
        return idle;
    }

    /** Sockets whose handshake succeeded. */
    public int opened() {
        return opened;
    }

    /** Sockets whose announce was answered. */
    public int answered() {
        return answered;
    }

    /** Sockets that failed to open or were closed by the server. */
    public int failed() {
        return failed;
    }

    public String firstFailure() {
        return firstFailure;
    }

    /** Reads whatever the server sent meanwhile (closes, pings) and returns how many sockets are still open. */
    public int countOpen() throws IOException {
        poll(0);
        poll(100);
        return (int) sockets.stream().filter(s -> s.state == Socket.OPEN).count();
    }

    private int settled() {
        return (announce ? answered : opened) + failed;
    }

    private void connect(int index) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(new InetSocketAddress(host, port));
        Socket socket = new Socket(index, channel);
        socket.key = channel.register(selector, SelectionKey.OP_CONNECT, socket);
        sockets.add(socket);
    }

    private void poll(long millis) throws IOException {
        if (millis == 0 ? selector.selectNow() == 0 : selector.select(millis) == 0) {
            return;
        }
        for (SelectionKey key : selector.selectedKeys()) {
            Socket socket = (Socket) key.attachment();
            try {
                if (key.isValid() && key.isConnectable()) {
                    socket.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_READ);
                    byte[] nonce = new byte[16];
                    ThreadLocalRandom.current().nextBytes(nonce);
                    write(socket, ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                            + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                if (key.isValid() && key.isReadable()) {
                    read(socket);
                }
            } catch (IOException | RuntimeException e) {
                fail(socket, e.toString());
            }
        }
        selector.selectedKeys().clear();
    }

    private void read(Socket socket) throws IOException {
        in.clear();
        if (socket.channel.read(in) < 0) {
            fail(socket, "closed by the server");
            return;
        }
        in.flip();
        while (in.hasRemaining() && socket.state != Socket.FAILED) {
            byte b = in.get();
            if (socket.state == Socket.HANDSHAKE) {
                handshake(socket, b);
            } else {
                frame(socket, b);
            }
        }
    }

    /** The 101 response, a byte at a time: its status line, then up to the blank line. */
    private void handshake(Socket socket, byte b) throws IOException {
        if (socket.seen < SWITCHING.length && b != SWITCHING[socket.seen]) {
            fail(socket, "handshake refused");
            return;
        }
        socket.seen++;
        socket.crlf = (b == '\r' && socket.crlf % 2 == 0) || (b == '\n' && socket.crlf % 2 == 1) ? socket.crlf + 1 : b == '\r' ? 1 : 0;
        if (socket.crlf == 4) {
            socket.state = Socket.OPEN;
            socket.seen = 0;
            opened++;
            if (announce) {
                write(socket, frame(0x81, announceOf(socket.index).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Server frames, a byte at a time: the header into a 10-byte array, the payload skipped (kept only for pings). */
    private void frame(Socket socket, byte b) throws IOException {
        if (socket.skip > 0) {
            if (socket.ping != null) {
                socket.ping[socket.ping.length - (int) socket.skip] = b;
            }
            if (--socket.skip == 0) {
                frameDone(socket);
            }
            return;
        }
        socket.head[socket.seen++] = b;
        if (socket.seen < 2) {
            return;
        }
        int length7 = socket.head[1] & 0x7F;
        int headerLength = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
        if (socket.seen < headerLength) {
            return;
        }
        long length = length7 < 126 ? length7 : length7 == 126 ? ((socket.head[2] & 0xFF) << 8) | (socket.head[3] & 0xFF)
                : ByteBuffer.wrap(socket.head, 2, 8).getLong();
        socket.opcode = socket.head[0] & 0x0F;
        socket.seen = 0;
        socket.skip = length;
        socket.ping = socket.opcode == 0x9 ? new byte[(int) length] : null;
        if (length == 0) {
            frameDone(socket);
        }
    }

    private void frameDone(Socket socket) throws IOException {
        switch (socket.opcode) {
            case 0x1 -> {
                if (socket.frames++ == 0 && announce) {
                    answered++;
                }
            }
            case 0x8 -> fail(socket, "close frame from the server");
            case 0x9 -> write(socket, frame(0x8A, socket.ping));
            default -> {
                // continuation, binary, pong: nothing to do for an idle client
            }
        }
        socket.ping = null;
    }

    /** The announce a WebTorrent client makes when it joins a room: 20-byte info_hash and peer_id, no offers. */
    static String announceOf(int index) {
        return "{\"action\":\"announce\",\"info_hash\":\"" + String.format("idle-room-%010d", index / 10) + "\",\"peer_id\":\""
                + String.format("-ID0001-%012d", index) + "\",\"numwant\":0,\"uploaded\":0,\"downloaded\":0,\"left\":0,"
                + "\"event\":\"started\"}";
    }

    /** One masked client frame with FIN set (payloads under 64 KiB). */
    static byte[] frame(int opcode, byte[] payload) {
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) opcode;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** Small writes to a socket whose send buffer is empty: they complete at once, or after a short wait. */
    private static void write(Socket socket, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.hasRemaining()) {
            if (socket.channel.write(out) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("write stalled");
                }
                Thread.onSpinWait();
            }
        }
    }

    private void fail(Socket socket, String why) {
        if (socket.state == Socket.FAILED) {
            return;
        }
        socket.state = Socket.FAILED;
        failed++;
        if (firstFailure == null) {
            firstFailure = "socket " + socket.index + ": " + why;
        }
        socket.key.cancel();
        try {
            socket.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Closes every socket (a TCP close, no close frame: the server sees an abnormal closure, as from a dropped client). */
    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.channel.close();
        }
        selector.close();
    }

    private static final class Socket {
        static final int HANDSHAKE = 0;
        static final int OPEN = 1;
        static final int FAILED = 2;

        final int index;
        final SocketChannel channel;
        final byte[] head = new byte[10];
        SelectionKey key;
        int state = HANDSHAKE;
        int seen;
        int crlf;
        int opcode;
        int frames;
        long skip;
        byte[] ping;

        Socket(int index, SocketChannel channel) {
            this.index = index;
            this.channel = channel;
        }
    }
}
