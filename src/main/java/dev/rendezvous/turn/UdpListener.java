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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A STUN/TURN listener on UDP: one receive loop that hands each datagram to {@link TurnServer} and, on the same
 * thread, reads the relay sockets of the allocations made through it ({@link UdpRelays}). The socket is
 * non-blocking, so a send that the kernel cannot take (a full send buffer) drops the datagram instead of
 * stalling the loop; the loop waits on a selector. Several
 * listeners may share a port with SO_REUSEPORT: the kernel then spreads clients over them by address hash, so a
 * client always reaches the same one.
 */
public final class UdpListener implements Runnable, Responder {
    private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());

    private final DatagramChannel channel;
    private final Selector selector;
    private final TurnServer server;
    private final TurnServer.Source source;
    private final ByteBuffer in = ByteBuffer.allocate(65_535);
    private final TurnServer.Scratch scratch = new TurnServer.Scratch();
    private final UdpRelays relays;
    private final SelectionKey own;
    private volatile boolean running = true;

    public UdpListener(InetSocketAddress address, TurnServer server, AllocationManager allocations, TurnMetrics metrics,
                       boolean reusePort) throws IOException {
        this.channel = DatagramChannels.openFor(address.getAddress());
        if (reusePort) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
        channel.bind(address);
        channel.configureBlocking(false);
        selector = Selector.open();
        own = channel.register(selector, SelectionKey.OP_READ);
        relays = new UdpRelays(selector, scratch.counts, metrics);
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        this.server = server;
        this.source = new TurnServer.Source(Transport.UDP, bound, allocations.index(Transport.UDP, bound));
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

    @Override
    public ClientLink linkTo(InetSocketAddress client) {
        return message -> send(client, message);
    }

    @Override
    public void watchRelays(Allocation allocation) {
        relays.watch(allocation);
    }

    @Override
    public void run() {
        long timeout = 1000;
        while (running) {
            try {
                selector.select(this::ready, timeout); // the Consumer form: no selected-key set to fill and empty
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
        try {
            if (key == own) {
                receive();
            } else if (key.isValid()) {
                relays.readable(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void receive() throws IOException {
        for (int packets = 0; packets < 256; packets++) {
            in.clear();
            InetSocketAddress client = (InetSocketAddress) channel.receive(in);
            if (client == null) {
                return;
            }
            server.handle(source, client, in.array(), 0, in.position(), this, scratch);
        }
    }

    public void stop() {
        running = false;
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + source.server(), e);
        }
    }
}
