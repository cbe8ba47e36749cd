package dev.rendezvous.turn;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunWriter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The UDP relay sockets of the allocations made through one listener, read on that listener's own selector
 * thread: what a peer sends goes to the client as ChannelData when a channel is bound to the peer, else as a
 * Data indication; data from a peer without a permission is dropped. Sharing the listener's thread, rather than
 * a relay thread of its own, saves two thread switches per relayed packet on a busy core. Not thread-safe:
 * every method runs on the listener's thread.
 */
final class UdpRelays {
    private static final Logger LOG = Logger.getLogger(UdpRelays.class.getName());
    private static final int MAX_DATAGRAM = 65_535;

    private final Selector selector;
    private final RelayCounts counts;
    private final TurnMetrics metrics;
    /**
     * Direct, so that the kernel reads into it and writes from it without the JDK's copy through a temporary direct
     * buffer; a datagram is read at offset 4, where a ChannelData header then goes in place.
     */
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM + 4);
    /** What goes into a Data indication, copied out of {@link #in}. */
    private final byte[] data = new byte[MAX_DATAGRAM];
    private final StunWriter writer = new StunWriter(MAX_DATAGRAM + 64);
    private final ByteBuffer written = ByteBuffer.wrap(writer.buffer());
    private final byte[] transactionId = new byte[12];
    /**
     * This listener's relay sockets by the relayed address each client was told, when that address is one of this
     * machine's (a send from here then reaches the socket at once), for {@link #secondHop}.
     */
    private final Map<InetSocketAddress, SelectionKey> byAddress = new HashMap<>();
    private final LocalAddresses local = new LocalAddresses();
    /** The size at which {@link #byAddress} is next swept of the sockets of ended allocations. */
    private int sweepAt = 64;

    UdpRelays(Selector selector, RelayCounts counts, TurnMetrics metrics) {
        this.selector = selector;
        this.counts = counts;
        this.metrics = metrics;
    }

    /** Starts reading the allocation's relay sockets; called on the listener's thread (it handles the Allocate). */
    void watch(Allocation allocation) {
        DatagramChannel[] sockets = allocation.relays();
        InetSocketAddress[] told = allocation.relayAddresses();
        for (int i = 0; i < sockets.length; i++) {
            try {
                SelectionKey key = sockets[i].register(selector, SelectionKey.OP_READ, allocation);
                if (local.contains(told[i].getAddress())) {
                    byAddress.put(told[i], key);
                }
            } catch (ClosedChannelException deleted) {
                // the allocation is already gone
            }
        }
        if (byAddress.size() >= sweepAt) {
            byAddress.values().removeIf(key -> !key.isValid());
            sweepAt = Math.max(64, 2 * byAddress.size());
        }
    }

    /**
     * The second hop of a packet just relayed to {@code peer}, when {@code peer} is one of this listener's own relay
     * sockets (both ends of the flow have allocations here): the kernel delivered it during the send, so it is read
     * now, through every check of {@link #readable}, instead of one selector round later. After a stall that round
     * holds the first hop of every client's backlog, and the oldest messages would wait for all of it. A relayed
     * address behind NAT (not one of this machine's) never matches.
     */
    void secondHop(InetSocketAddress peer) {
        SelectionKey key = byAddress.get(peer);
        if (key != null && key.isValid()) {
            try {
                readable(key, 1);
            } catch (IOException e) {
                LOG.log(Level.FINE, "relay socket " + peer, e); // closed by its allocation's end meanwhile
            }
        }
    }

    /** Whether {@code key} is a relay socket of this listener's (rather than the listener's own or a TCP socket). */
    static boolean isRelay(SelectionKey key) {
        return key.channel() instanceof DatagramChannel && key.attachment() instanceof Allocation;
    }

    /** Passes what peers sent to the relay socket of {@code key} to its client: up to {@code budget} datagrams. */
    void readable(SelectionKey key, int budget) throws IOException {
        Allocation allocation = (Allocation) key.attachment();
        DatagramChannel relay = (DatagramChannel) key.channel();
        // Channel closed by expiry or Refresh: its key is cancelled with it, nothing to read.
        for (int packets = 0; packets < budget && relay.isOpen(); packets++) {
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
                in.get(4, data, 0, length);
                writer.begin(MessageType.of(MessageType.DATA, MessageType.INDICATION), transactionId, 0)
                        .xorAddress(AttributeType.XOR_PEER_ADDRESS, peer)
                        .attribute(AttributeType.DATA, data, 0, length);
                link.send(written.limit(writer.length()).position(0));
            }
            counts.toClient(length);
            allocation.relayedToClient(length);
        }
    }
}
