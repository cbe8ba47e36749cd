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
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A STUN/TURN listener on TCP, or on TLS when given an {@link SSLContext} (the bytes are then decrypted first):
 * one selector thread accepts connections, splits each byte stream into STUN
 * messages and ChannelData frames (padded to 4 bytes on streams) and hands them to {@link TurnServer}. Frames
 * for a client queue per connection under a byte bound and this thread writes them. Closing a connection deletes
 * its allocation; an idle connection without one is closed. The same thread reads the UDP relay sockets
 * ({@link UdpRelays}) and runs the RFC 6062 relaying ({@link TcpRelay}) of the allocations made through it.
 */
public final class TcpListener implements Runnable {
    private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
    private static final int MAX_FRAME = 65_535 + 20 + 4;
    private static final long IDLE_WITHOUT_ALLOCATION = TimeUnit.SECONDS.toNanos(60);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final TurnServer turn;
    private final AllocationManager allocations;
    private final TurnServer.Source source;
    private final TurnServer.Scratch scratch = new TurnServer.Scratch();
    private final int maxConnections;
    private final Supplier<SSLContext> tls;
    private final AtomicInteger connections = new AtomicInteger();
    private final Queue<StreamConnection> writable = new ConcurrentLinkedQueue<>();
    private final TcpRelay tcpRelay;
    private final UdpRelays udpRelays;
    private final LongSupplier clock;
    private volatile boolean running = true;
    /** The thread running {@link #run}. */
    private volatile Thread loop;

    /**
     * @param maxConnections client and peer connections in all
     * @param tls            null for plain TCP; else the TLS context for each new connection (it changes when the
     *                       key store is replaced)
     * @param clock          nanoTime, for the idle and RFC 6062 timeouts
     */
    public TcpListener(InetSocketAddress address, TurnServer turn, AllocationManager allocations, TurnMetrics metrics,
                       int maxConnections, int maxTcpConnectionsPerAllocation, Supplier<SSLContext> tls, LongSupplier clock)
            throws IOException {
        this.clock = clock;
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
        this.tcpRelay = new TcpRelay(selector, this, turn, metrics, maxTcpConnectionsPerAllocation, clock);
        this.udpRelays = new UdpRelays(selector, scratch.counts, metrics);
    }

    public InetSocketAddress address() {
        return source.server();
    }

    public boolean open() {
        return server.isOpen();
    }

    TcpRelay tcpRelay() {
        return tcpRelay;
    }

    UdpRelays udpRelays() {
        return udpRelays;
    }

    TurnServer.Scratch scratch() {
        return scratch;
    }

    /**
     * Called from any thread when {@code connection} has frames queued. This thread writes them at the end of its
     * current round, so only another thread needs to wake the selector (a system call per frame otherwise: every
     * datagram a UDP relay passes to a TCP client comes through here on this thread).
     */
    void writable(StreamConnection connection) {
        writable.add(connection);
        if (Thread.currentThread() != loop) {
            selector.wakeup();
        }
    }

    /** Counts one more connection (client or peer) against the limit; false when it is reached. */
    boolean reserveConnection() {
        if (connections.incrementAndGet() > maxConnections) {
            connections.decrementAndGet();
            return false;
        }
        return true;
    }

    void releaseConnection() {
        connections.decrementAndGet();
    }

    @Override
    public void run() {
        loop = Thread.currentThread();
        long lastSweep = clock.getAsLong();
        long timeout = 1000;
        while (running) {
            try {
                if (writable.isEmpty()) {
                    selector.select(timeout);
                } else {
                    selector.selectNow(); // frames this thread queued in a round that ended early
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.attachment() instanceof StreamConnection connection) {
                        if (key.isReadable()) {
                            read(connection);
                        }
                        if (key.isValid() && key.isWritable()) {
                            flush(connection);
                        }
                    } else if (key.attachment() instanceof PeerConnection peer) {
                        if (key.isConnectable()) {
                            tcpRelay.finishConnect(peer);
                        }
                        if (key.isValid() && key.isReadable()) {
                            tcpRelay.peerReadable(peer);
                        }
                        if (key.isValid() && key.isWritable()) {
                            tcpRelay.peerWritable(peer);
                        }
                    } else if (UdpRelays.isRelay(key)) {
                        udpRelays.readable(key, ReadBudget.BACKLOG);
                    } else if (key.attachment() instanceof Allocation) {
                        tcpRelay.accept(key);
                    } else {
                        accept();
                    }
                }
                for (StreamConnection connection; (connection = writable.poll()) != null; ) {
                    flush(connection);
                }
                timeout = turn.flushCounts(scratch);
                long now = clock.getAsLong();
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
        if (!reserveConnection()) {
            channel.close();
            return;
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        StreamConnection connection = new StreamConnection(channel, (InetSocketAddress) channel.getRemoteAddress(),
                tls == null ? null : new TlsSession(tls.get().createSSLEngine()), this);
        connection.lastReadNanos = clock.getAsLong();
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
    }

    /** Reads what the client sent: STUN and ChannelData frames, or, on a client data connection, bytes for its peer. */
    void read(StreamConnection connection) {
        if (connection.closed || connection.readPaused) {
            return;
        }
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
                    updateInterest(connection, true);
                }
            }
        } catch (IOException | RuntimeException broken) {
            open = false; // a reset, or a TLS failure (bad handshake, wrong protocol)
        }
        if (!open) {
            close(connection);
            return;
        }
        connection.lastReadNanos = clock.getAsLong();
        if (connection.peer != null) {
            tcpRelay.fromClient(connection);
            return;
        }
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
            if (connection.peer != null) {
                in.compact(); // ConnectionBind made this a data connection: what follows is the client's data
                tcpRelay.fromClient(connection);
                return;
            }
        }
        in.compact();
    }

    /** Enlarges the read buffer (in write mode), up to one largest frame plus one TLS record. */
    private void grow(StreamConnection connection, int needed) {
        int limit = MAX_FRAME + 4 + (connection.session == null ? 0 : connection.session.applicationBufferSize());
        int capacity = Math.min(limit, Math.max(needed, connection.in.capacity() * 2));
        if (capacity <= connection.in.capacity()) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        bigger.put(connection.in.flip());
        connection.in = bigger;
    }

    /** Writes the client's queued frames, then, on a data connection, what its peer sent. */
    void flush(StreamConnection connection) {
        SelectionKey key = connection.key;
        if (connection.closed || key == null || !key.isValid()) {
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
                    updateInterest(connection, true);
                    return;
                }
            }
            boolean drained = connection.peer == null || tcpRelay.toClient(connection);
            if (!connection.closed) {
                updateInterest(connection, !drained || (session != null && session.pending()));
            }
        } catch (IOException | RuntimeException broken) {
            close(connection);
        }
    }

    void updateInterest(StreamConnection connection) {
        SelectionKey key = connection.key;
        updateInterest(connection, key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0);
    }

    private static void updateInterest(StreamConnection connection, boolean write) {
        SelectionKey key = connection.key;
        if (key != null && key.isValid()) {
            key.interestOps((connection.readPaused ? 0 : SelectionKey.OP_READ) | (write ? SelectionKey.OP_WRITE : 0));
        }
    }

    private void closeIdle(long now) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof StreamConnection connection
                    && connection.peer == null
                    && now - connection.lastReadNanos > IDLE_WITHOUT_ALLOCATION
                    && source.index().get(connection.client) == null) {
                close(connection);
            }
        }
        tcpRelay.sweep(now);
    }

    /** Closes a client connection: its allocation (and that one's peer connections) or its bound peer go with it. */
    void close(StreamConnection connection) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // already closed
        }
        releaseConnection();
        connection.out.clear();
        Allocation allocation = source.index().get(connection.client);
        if (allocation != null) {
            allocations.delete(allocation);
            tcpRelay.allocationGone(allocation);
        }
        if (connection.peer != null) {
            tcpRelay.close(connection.peer);
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
