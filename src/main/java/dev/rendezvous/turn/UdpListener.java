package dev.rendezvous.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A STUN/TURN listener on UDP: one blocking receive loop that hands each datagram to {@link TurnServer}. Several
 * listeners may share a port with SO_REUSEPORT: the kernel then spreads clients over them by address hash, so a
 * client always reaches the same one.
 */
public final class UdpListener implements Runnable, Responder {
    private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());

    private final DatagramChannel channel;
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
                in.clear();
                InetSocketAddress client = (InetSocketAddress) channel.receive(in);
                server.handle(source, client, in.array(), 0, in.position(), this, scratch);
            } catch (AsynchronousCloseException stopped) {
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
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + source.server(), e);
        }
    }
}
