package dev.rendezvous.turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A STUN/TURN listener on UDP: one receive loop that hands each datagram to {@link TurnServer} and, on the same
 * thread, reads the relay sockets of the allocations made through it ({@link UdpRelays}) and, when it opens them
 * ({@link ClientSocketMode}), each such allocation's own socket towards its client ({@link UdpClientSocket}). The
 * socket is non-blocking, so a send that the kernel cannot take (a full send buffer) drops the datagram instead of
 * stalling the loop; the loop waits on a selector. A selector round serves the relay sockets before the clients'
 * own sockets: a relay socket holds messages already under way (the second hop of one client's message to another)
 * or a peer's, a client socket holds new ones, and after a stall finishing what is under way first shortens the
 * backlog's tail (docs/benchmarks-turn-loads.md). The listener's own socket is read around the JDK's {@code receive}
 * where the JVM allows it ({@link NativeReceive}): with no sender address to allocate per datagram. Several
 * listeners may share a port with SO_REUSEPORT: the kernel then spreads clients over them by address hash, so a
 * client always reaches the same one.
 */
public final class UdpListener implements Runnable, Responder {
    private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());
    /** The receive and send buffers asked for: what arrives in a pause of a few tens of ms at a full core's rate. */
    static final int BUFFER_BYTES = 4 * 1024 * 1024;

    private final DatagramChannel channel;
    private final Selector selector;
    private final TurnServer server;
    private final TurnServer.Source source;
    /** Direct: ChannelData is relayed from it as it is, without the JDK's copies through a temporary direct buffer. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(65_535);
    /** A STUN message, copied out of {@link #in} for the parser. */
    private final byte[] stun = new byte[65_535];
    private final Consumer<SelectionKey> onReady = this::ready;
    private final TurnServer.Scratch scratch = new TurnServer.Scratch();
    private final UdpRelays relays;
    private final SelectionKey own;
    /** Whether each allocation gets its own socket towards its client ({@link UdpClientSocket}). */
    private final boolean clientSockets;
    /** The receive buffer the kernel granted the listener's socket (as the JDK reports it: not Linux's doubled figure). */
    private final int receiveBuffer;
    /** Reads the listener's socket without the JDK's per-datagram sender address; null: the JDK's receive. */
    private final NativeReceive nativeReceive;
    /** Why the listener's socket is read with the JDK's receive, for the start-up line. */
    private final String jdkReceiveBecause;
    /** Client sockets whose allocations have ended, to be closed on this thread (see {@link UdpClientSocket}). */
    private final Queue<UdpClientSocket> ended = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean loopStarted;
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    /** Sockets ready in the current selector round, and whether the last round had more than one. */
    private int readyNow;
    private boolean busy;
    /** The selector rounds so far, for the read budgets of the clients' and the relay sockets. */
    private long round;
    /** Whether the listener's own socket was ready in the last round, and in this one. */
    private boolean ownWasReady;
    private boolean ownReady;
    /** The client sockets found ready in the current round, served once the round's relay sockets have been. */
    private UdpClientSocket[] readyClients = new UdpClientSocket[64];
    private int readyClientCount;

    public UdpListener(InetSocketAddress address, TurnServer server, AllocationManager allocations, TurnMetrics metrics,
                       boolean reusePort, ClientSocketMode mode, boolean nativeReceive) throws IOException {
        this.channel = DatagramChannels.openFor(address.getAddress());
        channel.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
        receiveBuffer = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        clientSockets = mode.opensClientSockets(receiveBuffer, BUFFER_BYTES, UdpClientSocket.supported());
        if (reusePort || clientSockets) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        channel.bind(address);
        channel.configureBlocking(false);
        selector = Selector.open();
        own = channel.register(selector, SelectionKey.OP_READ);
        NativeReceive reader = null;
        String jdkReceiveBecause = "rendezvous.turn.udp-native-receive=false";
        if (nativeReceive) {
            try {
                reader = NativeReceive.on(channel, in);
            } catch (NativeReceive.Unavailable e) {
                jdkReceiveBecause = e.getMessage();
            }
        }
        this.nativeReceive = reader;
        this.jdkReceiveBecause = jdkReceiveBecause;
        relays = new UdpRelays(selector, scratch.counts, metrics);
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        this.server = server;
        this.source = new TurnServer.Source(Transport.UDP, bound, allocations.index(Transport.UDP, bound));
    }

    /** Whether each allocation gets its own socket towards its client here. */
    boolean clientSockets() {
        return clientSockets;
    }

    /** Whether the kernel granted the listener's socket less receive buffer than it asked for. */
    boolean receiveBufferCapped() {
        return receiveBuffer < BUFFER_BYTES;
    }

    /** Whether the listener reads every client through a buffer the kernel capped: worth a warning at start-up. */
    boolean servesEveryClientFromACappedBuffer() {
        return !clientSockets && receiveBufferCapped();
    }

    /** Whether the listener's socket is read around the JDK's receive ({@link NativeReceive}). */
    boolean readsNatively() {
        return nativeReceive != null;
    }

    /** How this listener reads its clients, and why, for the start-up log. */
    String howClientsAreRead() {
        return whichSocketsClientsAreReadThrough() + (nativeReceive != null
                ? ". The listener's socket is read with " + nativeReceive.how() + ", which allocates nothing per datagram."
                : ". The listener's socket is read with the JDK's receive, which allocates a sender address per datagram ("
                        + jdkReceiveBecause + ").");
    }

    /** The first sentence of the start-up line, without its full stop. */
    private String whichSocketsClientsAreReadThrough() {
        String granted = receiveBuffer / 1024 + " KiB";
        String capped = granted + ", " + BUFFER_BYTES / 1024 + " KiB asked: the kernel capped it (net.core.rmem_max)";
        if (clientSockets) {
            return "Rendezvous TURN: each UDP client is read through a socket of its own"
                    + (receiveBufferCapped() ? " (the listener's receive buffer is " + capped + ")" : "");
        }
        if (!servesEveryClientFromACappedBuffer()) {
            return "Rendezvous TURN: UDP clients are read through the listener's socket (receive buffer " + granted + ")";
        }
        return "Rendezvous TURN: UDP clients are read through the listener's socket, whose receive buffer is " + capped
                + ". It holds every client's datagrams through a pause, and what does not fit is lost: raise "
                + "net.core.rmem_max to " + BUFFER_BYTES + " or more (docs/turn.md)";
    }

    public InetSocketAddress address() {
        return source.server();
    }

    public boolean open() {
        return channel.isOpen();
    }

    @Override
    public void send(InetSocketAddress client, ByteBuffer message) {
        try {
            channel.send(message, client);
        } catch (IOException e) {
            LOG.log(Level.FINE, "send to " + client, e);
        }
    }

    /** The client's own connected socket when this listener opens them, else this listener's socket. */
    @Override
    public ClientLink linkTo(InetSocketAddress client) {
        if (clientSockets) {
            try {
                UdpClientSocket socket = UdpClientSocket.open(source.server(), client, this::closeLater);
                socket.channel().register(selector, SelectionKey.OP_READ, socket);
                return socket;
            } catch (IOException e) {
                LOG.log(Level.FINE, "no socket of its own for " + client + "; served through the listener", e);
            }
        }
        return message -> send(client, message);
    }

    @Override
    public void watchRelays(Allocation allocation) {
        relays.watch(allocation);
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            loopEnded.countDown();
        }
    }

    private void loop() {
        loopStarted = true;
        long timeout = 1000;
        while (running) {
            try {
                readyNow = 0;
                ownReady = false;
                round++;
                selector.select(onReady, timeout); // the Consumer form: no selected-key set to fill and empty
                receiveReadyClients();
                busy = readyNow > 1;
                ownWasReady = ownReady;
                closeEnded();
                timeout = server.flushCounts(scratch);
            } catch (ClosedSelectorException stopped) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "UDP listener " + source.server(), e);
            }
        }
    }

    private void ready(SelectionKey key) {
        readyNow++;
        try {
            if (key == own) {
                ownReady = true;
                receive();
            } else if (key.attachment() instanceof UdpClientSocket client) {
                if (readyClientCount == readyClients.length) {
                    readyClients = Arrays.copyOf(readyClients, 2 * readyClientCount);
                }
                readyClients[readyClientCount++] = client;
            } else if (key.isValid()) {
                relays.readable(key, ((Allocation) key.attachment()).relayReads().next(round));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Handles what clients sent: one datagram when the socket was not ready in the last round too, else up to 256.
     * Under light load each round carries one datagram, and a second read would only find the socket empty: a system
     * call per packet spared. A socket that stays ready round after round is drained.
     */
    private void receive() throws IOException {
        int budget = ownWasReady || busy ? 256 : 1;
        for (int packets = 0; packets < budget; packets++) {
            in.clear();
            InetSocketAddress client = nativeReceive != null ? nativeReceive.receive() : (InetSocketAddress) channel.receive(in);
            if (client == null) {
                return;
            }
            handle(client, in.position());
        }
    }

    /** Handles what the clients whose sockets were ready in this round sent, after the round's relay sockets. */
    private void receiveReadyClients() {
        int count = readyClientCount;
        readyClientCount = 0;
        for (int i = 0; i < count; i++) {
            UdpClientSocket client = readyClients[i];
            readyClients[i] = null;
            receive(client);
        }
    }

    /** Handles what one client sent to its own socket, as much as its {@link ReadBudget} allows this round. */
    private void receive(UdpClientSocket socket) {
        receive(socket, socket.reads().next(round));
    }

    /** Handles up to {@code budget} datagrams that one client sent to its own socket. */
    private void receive(UdpClientSocket socket, int budget) {
        for (int packets = 0; packets < budget; packets++) {
            in.clear();
            int length = socket.read(in);
            if (length < 0) {
                return;
            }
            handle(socket.client(), length);
        }
    }

    /** Takes the socket of an allocation that ended (any thread) for closing on this thread. */
    private void closeLater(UdpClientSocket socket) {
        ended.add(socket);
        if (running) {
            selector.wakeup();
        } else {
            closeEnded(); // stopped: no loop will
        }
    }

    /**
     * Closes the client sockets of ended allocations, each after handling what the client had already sent to it
     * (without its allocation: a Refresh gets 437, data is dropped), which closing would otherwise discard.
     */
    private void closeEnded() {
        for (UdpClientSocket socket; (socket = ended.poll()) != null; ) {
            if (running) {
                receive(socket, ReadBudget.BACKLOG);
            }
            socket.close();
        }
    }

    /**
     * One datagram from {@code client}, in {@link #in} from 0 to {@code length}: ChannelData, else STUN; then, when
     * it was relayed to one of this listener's own relay sockets, its second hop ({@link UdpRelays#secondHop}).
     */
    private void handle(InetSocketAddress client, int length) {
        if (length >= 4 && (in.get(0) & 0xC0) == 0x40) {
            server.channelData(source, client, in.flip(), scratch);
        } else {
            in.get(0, stun, 0, length);
            server.handle(source, client, stun, 0, length, this, scratch);
        }
        InetSocketAddress peer = scratch.takeRelayedTo();
        if (peer != null) {
            relays.secondHop(peer);
        }
    }

    /**
     * Stops the loop and closes the sockets once it has ended (at most a few seconds), so that no read of the loop's
     * is under way when the descriptor is freed: a native read ({@link NativeReceive}) of a number the kernel had
     * given to another socket meanwhile would read that socket's datagram.
     */
    public void stop() {
        running = false;
        if (loopStarted) {
            selector.wakeup();
            try {
                if (!loopEnded.await(5, TimeUnit.SECONDS)) {
                    LOG.warning("UDP listener " + source.server() + ": its loop did not end within 5 s; closing anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeEnded();
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + source.server(), e);
        }
    }
}
