package dev.rendezvous.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of a TCP or TLS listener: its read buffer, its queue of frames to write, and the way back
 * to its client. After a ConnectionBind it is a client data connection: its bytes are piped to {@link #peer}.
 * Only {@link #send} may be called from other threads; everything else belongs to the listener's thread.
 */
final class StreamConnection implements ClientLink, Responder, StreamRelay {
    private static final int MAX_QUEUED_BYTES = 1 << 20;

    final SocketChannel channel;
    final InetSocketAddress client;
    /** Null on plain TCP. */
    final TlsSession session;
    final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();
    final AtomicInteger queuedBytes = new AtomicInteger();
    private final TcpListener listener;
    SelectionKey key;
    ByteBuffer in;
    long lastReadNanos;
    boolean closed;
    /** Set while the peer cannot take what this client sent: the client is not read meanwhile. */
    boolean readPaused;
    /** The peer data connection this is bound to (RFC 6062), or null for a connection carrying STUN. */
    PeerConnection peer;

    StreamConnection(SocketChannel channel, InetSocketAddress client, TlsSession session, TcpListener listener) {
        this.channel = channel;
        this.client = client;
        this.session = session;
        this.listener = listener;
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
        listener.writable(this);
    }

    @Override
    public void send(InetSocketAddress ignored, ByteBuffer message) {
        send(message);
    }

    @Override
    public ClientLink linkTo(InetSocketAddress ignored) {
        return this;
    }

    @Override
    public void watchRelays(Allocation allocation) {
        listener.udpRelays().watch(allocation);
    }

    @Override
    public StreamRelay stream() {
        return this;
    }

    @Override
    public void listen(Allocation allocation) {
        listener.tcpRelay().listen(allocation);
    }

    @Override
    public int connect(Allocation allocation, InetSocketAddress peer, DeferredResponse response) {
        return listener.tcpRelay().connect(allocation, peer, response, this);
    }

    @Override
    public int bind(int connectionId, String user) {
        return listener.tcpRelay().bind(connectionId, user, this);
    }
}
