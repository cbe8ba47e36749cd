package dev.rendezvous.turn;

import java.io.IOException;
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
 * A STUN/TURN listener on UDP: one receive loop that hands each datagram to {@link TurnServer}. The socket is
 * non-blocking, so a send that the kernel cannot take (a full send buffer) drops the datagram instead of
 * stalling the relay loop that sends through it; the loop waits on a selector. Several
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
    private volatile boolean running = true;

    public UdpListener(InetSocketAddress address, TurnServer server, AllocationManager allocations, boolean reusePort)
            throws IOException {
        this.channel = DatagramChannel.open();
        if (reusePort) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
        channel.bind(address);
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
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
    public void run() {
        while (running) {
            try {
                selector.select(1000);
                selector.selectedKeys().clear();
                for (int packets = 0; packets < 256; packets++) {
                    in.clear();
                    InetSocketAddress client = (InetSocketAddress) channel.receive(in);
                    if (client == null) {
                        break;
                    }
                    server.handle(source, client, in.array(), 0, in.position(), this, scratch);
                }
            } catch (ClosedSelectorException | java.nio.channels.ClosedChannelException stopped) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "UDP listener " + source.server(), e);
            }
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
