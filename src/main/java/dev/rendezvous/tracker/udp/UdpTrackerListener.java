package dev.rendezvous.tracker.udp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One UDP tracker socket and its receive loop, which hands each datagram to its {@link UdpTracker}. The socket is
 * non-blocking: the loop waits on a selector, and a send the kernel cannot take at once (a full send buffer) drops the
 * answer instead of stalling the loop or the thread that completes an announce. Answers may be sent from any thread.
 */
public final class UdpTrackerListener implements Runnable {
    private static final Logger LOG = Logger.getLogger(UdpTrackerListener.class.getName());

    private final DatagramChannel channel;
    private final Selector selector;
    private final UdpTracker tracker;
    private final InetSocketAddress address;
    /** One byte more than the largest request, so that a longer packet shows as oversized rather than cut. */
    private final ByteBuffer in = ByteBuffer.allocate(UdpPackets.MAX_REQUEST + 1);
    private final UdpTracker.Sender sender = this::send;
    private volatile boolean running = true;

    public UdpTrackerListener(InetSocketAddress listen, UdpTracker tracker) throws IOException {
        // An IPv4 socket for an IPv4 address (the kernel's cheaper IPv4 path); else IPv6, dual-stack on "::".
        channel = listen.getAddress() instanceof Inet4Address ? DatagramChannel.open(StandardProtocolFamily.INET)
                : DatagramChannel.open(StandardProtocolFamily.INET6);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            channel.bind(listen);
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.tracker = tracker;
    }

    public InetSocketAddress address() {
        return address;
    }

    public boolean open() {
        return channel.isOpen();
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select(key -> receive(), 1000);
            } catch (ClosedSelectorException stopped) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                // A bug on one packet must not end the loop: log it and go on with the next.
                LOG.log(Level.WARNING, "UDP tracker " + address, e);
            }
        }
    }

    private void receive() {
        for (int packets = 0; packets < 256 && running; packets++) {
            in.clear();
            InetSocketAddress client;
            try {
                client = (InetSocketAddress) channel.receive(in);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(Level.FINE, "UDP tracker receive", e);
                return;
            }
            if (client == null) {
                return;
            }
            tracker.handle(in.array(), in.position(), client, sender);
        }
    }

    private boolean send(ByteBuffer datagram, InetSocketAddress client) {
        try {
            return channel.send(datagram, client) > 0;
        } catch (IOException e) {
            LOG.log(Level.FINE, "UDP tracker send to " + client, e);
            return false;
        }
    }

    public void stop() {
        running = false;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the UDP tracker's selector", e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + address, e);
        }
    }
}
