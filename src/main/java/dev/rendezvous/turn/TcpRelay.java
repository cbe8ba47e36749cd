package dev.rendezvous.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * RFC 6062 TCP relaying for the allocations made on one TCP or TLS listener, run by that listener's selector thread
 * only, so it takes no locks: peers connecting to a relayed address are announced to the client with a
 * ConnectionAttempt; Connect opens a connection to a peer from the relayed address; ConnectionBind pairs a peer
 * data connection with a new client data connection, and from then on bytes are piped both ways. Each direction
 * has one bounded buffer and a side is read only while the other side has room: back-pressure, not memory.
 */
final class TcpRelay {
    /** How long a peer connection waits for its ConnectionBind, and an outgoing one for its peer to answer (RFC 6062). */
    static final long BIND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int PIPE_BUFFER = 64 * 1024;

    private final Selector selector;
    private final TcpListener listener;
    private final TurnServer turn;
    private final TurnMetrics metrics;
    private final int maxConnectionsPerAllocation;
    private final Map<Integer, PeerConnection> awaitingBind = new HashMap<>();
    private final Map<Allocation, List<PeerConnection>> byAllocation = new IdentityHashMap<>();

    private final LongSupplier clock;

    TcpRelay(Selector selector, TcpListener listener, TurnServer turn, TurnMetrics metrics, int maxConnectionsPerAllocation,
             LongSupplier clock) {
        this.clock = clock;
        this.selector = selector;
        this.listener = listener;
        this.turn = turn;
        this.metrics = metrics;
        this.maxConnectionsPerAllocation = maxConnectionsPerAllocation;
    }

    void listen(Allocation allocation) {
        try {
            allocation.tcpRelay().register(selector, SelectionKey.OP_ACCEPT, allocation);
            byAllocation.put(allocation, new ArrayList<>());
        } catch (IOException closedMeanwhile) {
            // deleted before it could listen: nothing to accept
        }
    }

    /** A peer connects to a relayed address: kept (unread) and announced only if the peer has a permission. */
    void accept(SelectionKey key) throws IOException {
        Allocation allocation = (Allocation) key.attachment();
        SocketChannel channel = ((ServerSocketChannel) key.channel()).accept();
        if (channel == null) {
            return;
        }
        InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
        long now = clock.getAsLong();
        List<PeerConnection> connections = byAllocation.get(allocation);
        if (allocation.closed() || connections == null || !allocation.permitted(peer.getAddress(), now)
                || connections.size() >= maxConnectionsPerAllocation || !listener.reserveConnection()) {
            channel.close();
            return;
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        PeerConnection connection = new PeerConnection(channel, allocation, peer, PeerConnection.State.AWAITING_BIND);
        connection.key = channel.register(selector, 0, connection);
        connections.add(connection);
        allocation.connections(connections.size());
        awaitBind(connection, now);
        turn.connectionAttempt(allocation.link(), peer, connection.id, listener.scratch());
    }

    int connect(Allocation allocation, InetSocketAddress peer, DeferredResponse response, ClientLink control) {
        List<PeerConnection> connections = byAllocation.get(allocation);
        if (connections == null) {
            return 437;
        }
        for (PeerConnection existing : connections) {
            if (existing.peer.equals(peer)) {
                return 446;
            }
        }
        if (connections.size() >= maxConnectionsPerAllocation || !listener.reserveConnection()) {
            return 508;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException noSockets) {
            listener.releaseConnection();
            return 447;
        }
        PeerConnection connection = new PeerConnection(channel, allocation, peer, PeerConnection.State.CONNECTING);
        try {
            bindToRelayedAddress(channel, allocation);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean done = channel.connect(peer);
            connection.key = channel.register(selector, done ? 0 : SelectionKey.OP_CONNECT, connection);
            connection.deadlineNanos = clock.getAsLong() + CONNECT_TIMEOUT_NANOS;
            connections.add(connection);
            allocation.connections(connections.size());
            connection.response = response;
            connection.control = control;
            if (done) {
                connected(connection);
            }
            return 0;
        } catch (IOException refused) {
            closeQuietly(channel);
            listener.releaseConnection();
            return 447;
        }
    }

    /**
     * Binds the outgoing socket to the relayed transport address, as RFC 6062 asks, so the peer sees the address
     * the client advertised; SO_REUSEPORT (also set on the relay's listening socket) makes that legal. Where the
     * platform refuses, any port of the relay's address is used: the connection still works.
     */
    private static void bindToRelayedAddress(SocketChannel channel, Allocation allocation) throws IOException {
        InetSocketAddress relayed = (InetSocketAddress) allocation.tcpRelay().getLocalAddress();
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        try {
            channel.bind(relayed);
        } catch (IOException portShared) {
            channel.bind(new InetSocketAddress(relayed.getAddress(), 0));
        }
    }

    void finishConnect(PeerConnection connection) {
        try {
            if (connection.channel.finishConnect()) {
                connected(connection);
            }
        } catch (IOException refused) {
            close(connection);
        }
    }

    private void connected(PeerConnection connection) {
        long now = clock.getAsLong();
        connection.key.interestOps(0); // the peer is not read before a client data connection is bound
        connection.allocation.permit(connection.peer.getAddress(), now);
        awaitBind(connection, now);
        turn.answer(connection.response, 0, connection.id, connection.control, listener.scratch());
        connection.response = null;
        connection.control = null;
    }

    private void awaitBind(PeerConnection connection, long now) {
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt();
        } while (id == 0 || awaitingBind.containsKey(id));
        connection.id = id;
        connection.state = PeerConnection.State.AWAITING_BIND;
        connection.deadlineNanos = now + BIND_TIMEOUT_NANOS;
        awaitingBind.put(id, connection);
    }

    int bind(int connectionId, String user, StreamConnection client) {
        PeerConnection connection = awaitingBind.get(connectionId);
        if (connection == null || connection.allocation.closed() || !connection.allocation.user().equals(user)) {
            return 400;
        }
        awaitingBind.remove(connectionId);
        connection.state = PeerConnection.State.BOUND;
        connection.client = client;
        connection.toClient = ByteBuffer.allocate(PIPE_BUFFER);
        client.peer = connection;
        connection.key.interestOps(SelectionKey.OP_READ);
        return 0;
    }

    /** Sends the client's bytes (in {@code client.in}, write mode) to its peer; pauses the client while the peer is full. */
    void fromClient(StreamConnection client) {
        PeerConnection connection = client.peer;
        ByteBuffer in = client.in.flip();
        try {
            int written = connection.channel.write(in);
            if (written > 0) {
                metrics.relayedToPeer(1, written);
            }
        } catch (IOException broken) {
            client.in.clear();
            close(connection);
            return;
        }
        in.compact();
        boolean blocked = in.position() > 0;
        client.readPaused = blocked;
        listener.updateInterest(client);
        interest(connection, SelectionKey.OP_WRITE, blocked);
    }

    void peerWritable(PeerConnection connection) {
        StreamConnection client = connection.client;
        fromClient(client);
        if (!client.readPaused && !connection.closed) {
            listener.read(client); // TLS may hold decrypted bytes that no readiness event would announce
        }
    }

    void peerReadable(PeerConnection connection) {
        int read;
        try {
            read = connection.channel.read(connection.toClient);
        } catch (IOException reset) {
            read = -1;
        }
        if (read < 0) {
            connection.peerClosed = true;
            interest(connection, SelectionKey.OP_READ, false);
        } else if (read > 0) {
            metrics.relayedToClient(1, read);
        }
        if (!connection.toClient.hasRemaining()) {
            interest(connection, SelectionKey.OP_READ, false); // resumed by toClient once the client took some
        }
        listener.flush(connection.client);
    }

    /**
     * Writes what the peer sent to the client (after the client's queued STUN frames, which the listener writes
     * first). Closes the pair once a closed peer's bytes are all delivered.
     *
     * @return true when nothing is left to write
     */
    boolean toClient(StreamConnection client) throws IOException {
        PeerConnection connection = client.peer;
        ByteBuffer buffer = connection.toClient.flip();
        boolean written = client.session == null
                ? client.channel.write(buffer) >= 0 && !buffer.hasRemaining()
                : client.session.write(client.channel, buffer);
        buffer.compact();
        if (connection.peerClosed && buffer.position() == 0 && written) {
            close(connection);
            return true;
        }
        interest(connection, SelectionKey.OP_READ, !connection.peerClosed && buffer.hasRemaining());
        return written && buffer.position() == 0;
    }

    /** Closes a peer connection and its client data connection; answers 447 to a Connect still waiting. */
    void close(PeerConnection connection) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        closeQuietly(connection.channel);
        listener.releaseConnection();
        if (connection.state == PeerConnection.State.AWAITING_BIND) {
            awaitingBind.remove(connection.id, connection);
        }
        List<PeerConnection> connections = byAllocation.get(connection.allocation);
        if (connections != null) {
            connections.remove(connection);
            connection.allocation.connections(connections.size());
        }
        if (connection.response != null) {
            turn.answer(connection.response, 447, 0, connection.control, listener.scratch());
            connection.response = null;
        }
        if (connection.client != null) {
            listener.close(connection.client);
        }
    }

    /** Closes every connection of a deleted allocation (its control connection closed, it expired, or LIFETIME 0). */
    void allocationGone(Allocation allocation) {
        List<PeerConnection> connections = byAllocation.remove(allocation);
        if (connections != null) {
            new ArrayList<>(connections).forEach(this::close);
        }
    }

    /** Times out Connects and ConnectionBinds, and lets go of allocations deleted by other threads. */
    void sweep(long now) {
        for (Allocation allocation : new ArrayList<>(byAllocation.keySet())) {
            if (allocation.closed()) {
                allocationGone(allocation);
                continue;
            }
            for (PeerConnection connection : new ArrayList<>(byAllocation.get(allocation))) {
                if (connection.state != PeerConnection.State.BOUND && now - connection.deadlineNanos >= 0) {
                    close(connection);
                }
            }
        }
    }

    private static void interest(PeerConnection connection, int op, boolean on) {
        SelectionKey key = connection.key;
        if (key != null && key.isValid()) {
            int ops = key.interestOps();
            key.interestOps(on ? ops | op : ops & ~op);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
