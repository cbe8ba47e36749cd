package dev.rendezvous.turn;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A STUN/TURN listener on TCP, or on TLS when given an {@link SSLContext} (the bytes are then decrypted first):
 * one selector thread accepts connections, splits each byte stream into STUN
 * messages and ChannelData frames (padded to 4 bytes on streams) and hands them to {@link TurnServer}. Frames
 * for a client may come from any thread (the relay loop); they queue per connection under a byte bound and
 * this thread writes them. Closing a connection deletes its allocation; an idle connection without one is
 * closed.
 */
public final class TcpListener implements Runnable {
    private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
    private static final int MAX_FRAME = 65_535 + 20 + 4;
    private static final int MAX_QUEUED_BYTES = 1 << 20;
    private static final long IDLE_WITHOUT_ALLOCATION = TimeUnit.SECONDS.toNanos(60);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final TurnServer turn;
    private final AllocationManager allocations;
    private final TurnServer.Source source;
    private final TurnServer.Scratch scratch = new TurnServer.Scratch();
    private final int maxConnections;
    private final SSLContext tls;
    private final AtomicInteger connections = new AtomicInteger();
    private final Queue<Connection> writable = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    /** @param tls null for plain TCP */
    public TcpListener(InetSocketAddress address, TurnServer turn, AllocationManager allocations, int maxConnections,
                       SSLContext tls) throws IOException {
        this.tls = tls;
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, 1024);
        server.configureBlocking(false);
        this.selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
        this.turn = turn;
        this.allocations = allocations;
        Transport transport = tls == null ? Transport.TCP : Transport.TLS;
        this.source = new TurnServer.Source(transport, bound, allocations.index(transport, bound));
        this.maxConnections = maxConnections;
    }

    public InetSocketAddress address() {
        return source.server();
    }

    public boolean open() {
        return server.isOpen();
    }

    /** One client connection: its read buffer, its queue of frames to write, and the way back to its client. */
    private final class Connection implements ClientLink, Responder {
        final SocketChannel channel;
        final InetSocketAddress client;
        final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();
        final AtomicInteger queuedBytes = new AtomicInteger();
        final TlsSession session;
        ByteBuffer in;
        long lastReadNanos = System.nanoTime();
        boolean closed;

        Connection(SocketChannel channel, InetSocketAddress client, TlsSession session) {
            this.channel = channel;
            this.client = client;
            this.session = session;
            this.in = ByteBuffer.allocate(session == null ? 4096 : session.applicationBufferSize() + 4096);
        }

        /** Queues a copy (ChannelData padded to 4 bytes); a client that does not read loses frames, not memory. */
        @Override
        public void send(ByteBuffer message) {
            int length = message.remaining();
            boolean channelData = length > 0 && (message.get(message.position()) & 0xC0) == 0x40;
            int padded = channelData ? (length + 3) & ~3 : length;
            if (queuedBytes.addAndGet(padded) > MAX_QUEUED_BYTES) {
                queuedBytes.addAndGet(-padded);
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(padded);
            copy.put(message).position(0);
            out.add(copy);
            writable.add(this);
            selector.wakeup();
        }

        @Override
        public void send(InetSocketAddress ignored, ByteBuffer message) {
            send(message);
        }

        @Override
        public ClientLink linkTo(InetSocketAddress ignored) {
            return this;
        }
    }

    @Override
    public void run() {
        long lastSweep = System.nanoTime();
        while (running) {
            try {
                selector.select(1000);
                for (Connection connection; (connection = writable.poll()) != null; ) {
                    flush(connection);
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Connection connection = (Connection) key.attachment();
                        if (key.isReadable()) {
                            read(connection);
                        }
                        if (key.isValid() && key.isWritable()) {
                            flush(connection);
                        }
                    }
                }
                long now = System.nanoTime();
                if (now - lastSweep > TimeUnit.SECONDS.toNanos(1)) {
                    closeIdle(now);
                    lastSweep = now;
                }
            } catch (ClosedSelectorException stopped) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "TCP listener " + source.server(), e);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return;
        }
        if (connections.incrementAndGet() > maxConnections) {
            connections.decrementAndGet();
            channel.close();
            return;
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection connection = new Connection(channel, (InetSocketAddress) channel.getRemoteAddress(),
                tls == null ? null : new TlsSession(tls.createSSLEngine()));
        channel.register(selector, SelectionKey.OP_READ, connection);
    }

    private void read(Connection connection) {
        boolean open;
        try {
            if (connection.session == null) {
                open = connection.channel.read(connection.in) >= 0;
            } else {
                if (connection.in.remaining() < connection.session.applicationBufferSize()) {
                    grow(connection, connection.in.position() + connection.session.applicationBufferSize());
                }
                open = connection.session.read(connection.channel, connection.in);
                if (open && connection.session.pending()) {
                    connection.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            }
        } catch (IOException | RuntimeException broken) {
            open = false; // a reset, or a TLS failure (bad handshake, wrong protocol)
        }
        if (!open) {
            close(connection);
            return;
        }
        connection.lastReadNanos = System.nanoTime();
        ByteBuffer in = connection.in;
        in.flip();
        while (in.remaining() >= 4) {
            int start = in.position();
            byte[] array = in.array();
            int kind = array[start] & 0xC0;
            int declared = ((array[start + 2] & 0xFF) << 8) | (array[start + 3] & 0xFF);
            int frame;
            int consumed;
            if (kind == 0x00) {
                frame = 20 + declared;
                consumed = frame;
            } else if (kind == 0x40) {
                frame = 4 + declared;
                consumed = (frame + 3) & ~3;
            } else {
                close(connection); // neither STUN nor ChannelData: the stream cannot be resynchronised
                return;
            }
            if (in.remaining() < consumed) {
                if (consumed > in.capacity()) {
                    in.compact();
                    grow(connection, consumed);
                    return;
                }
                break;
            }
            turn.handle(source, connection.client, array, start, frame, connection, scratch);
            in.position(start + consumed);
        }
        in.compact();
    }

    /** Enlarges the read buffer (in write mode), up to one largest frame plus one TLS record. */
    private void grow(Connection connection, int needed) {
        int limit = MAX_FRAME + 4 + (connection.session == null ? 0 : connection.session.applicationBufferSize());
        int capacity = Math.min(limit, Math.max(needed, connection.in.capacity() * 2));
        if (capacity <= connection.in.capacity()) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        bigger.put(connection.in.flip());
        connection.in = bigger;
    }

    private void flush(Connection connection) {
        SelectionKey key = connection.channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            return;
        }
        TlsSession session = connection.session;
        try {
            if (session != null && !(session.flushPending(connection.channel) && session.resume(connection.channel))) {
                close(connection);
                return;
            }
            for (ByteBuffer next; (next = connection.out.peek()) != null; ) {
                boolean written = session == null
                        ? connection.channel.write(next) >= 0 && !next.hasRemaining()
                        : session.write(connection.channel, next);
                if (!next.hasRemaining()) {
                    connection.out.poll();
                    connection.queuedBytes.addAndGet(-next.capacity());
                }
                if (!written) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
            }
            boolean pending = session != null && session.pending();
            key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException | RuntimeException broken) {
            close(connection);
        }
    }

    private void closeIdle(long now) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection
                    && now - connection.lastReadNanos > IDLE_WITHOUT_ALLOCATION
                    && source.index().get(connection.client) == null) {
                close(connection);
            }
        }
    }

    private void close(Connection connection) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // already closed
        }
        connections.decrementAndGet();
        connection.out.clear();
        Allocation allocation = source.index().get(connection.client);
        if (allocation != null) {
            allocations.delete(allocation);
        }
    }

    public void stop() {
        running = false;
        try {
            selector.close();
            server.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + source.server(), e);
        }
    }
}
