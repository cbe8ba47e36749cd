package dev.rendezvous.turn;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunWriter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads every allocation's relay socket with one selector and passes what peers send to the client: as
 * ChannelData when a channel is bound to the peer, else as a Data indication; data from a peer without a
 * permission is dropped. One buffer and one writer serve every packet.
 */
public final class RelayLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(RelayLoop.class.getName());
    private static final int MAX_DATAGRAM = 65_535;

    private final Selector selector;
    private final TurnMetrics metrics;
    private final Queue<Allocation> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM + 4);
    private final StunWriter writer = new StunWriter(MAX_DATAGRAM + 64);
    private final ByteBuffer written = ByteBuffer.wrap(writer.buffer());
    private final byte[] transactionId = new byte[12];
    private volatile boolean running = true;

    public RelayLoop(TurnMetrics metrics) throws IOException {
        this.selector = Selector.open();
        this.metrics = metrics;
    }

    void register(Allocation allocation) {
        pending.add(allocation);
        selector.wakeup();
    }

    public void stop() {
        running = false;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the relay selector", e);
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select(1000);
                for (Allocation allocation; (allocation = pending.poll()) != null; ) {
                    for (DatagramChannel relay : allocation.relays()) {
                        if (relay.isOpen()) {
                            relay.register(selector, SelectionKey.OP_READ, allocation);
                        }
                    }
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        drain((Allocation) key.attachment(), (DatagramChannel) key.channel());
                    }
                }
            } catch (ClosedSelectorException stopped) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "relay loop", e);
            }
        }
    }

    private void drain(Allocation allocation, DatagramChannel relay) throws IOException {
        // Channel closed by expiry or Refresh: its key is cancelled with it, nothing to read.
        for (int packets = 0; packets < 64 && relay.isOpen(); packets++) {
            in.clear().position(4);
            InetSocketAddress peer = (InetSocketAddress) relay.receive(in);
            if (peer == null) {
                return;
            }
            long now = System.nanoTime();
            if (!allocation.permitted(peer.getAddress(), now)) {
                continue;
            }
            int length = in.position() - 4;
            if (!allocation.mayRelayToClient(length, now)) {
                metrics.rateLimited();
                continue;
            }
            ClientLink link = allocation.link();
            int channel = allocation.channelFor(peer, now);
            if (channel >= 0) {
                in.put(0, (byte) (channel >> 8)).put(1, (byte) channel).put(2, (byte) (length >> 8)).put(3, (byte) length);
                link.send(in.flip());
            } else {
                ThreadLocalRandom.current().nextBytes(transactionId);
                writer.begin(MessageType.of(MessageType.DATA, MessageType.INDICATION), transactionId, 0)
                        .xorAddress(AttributeType.XOR_PEER_ADDRESS, peer)
                        .attribute(AttributeType.DATA, in.array(), 4, length);
                link.send(written.limit(writer.length()).position(0));
            }
            metrics.relayedToClient(length);
        }
    }
}
