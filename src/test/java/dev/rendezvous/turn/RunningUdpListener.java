package dev.rendezvous.turn;

import dev.rendezvous.auth.NonceService;
import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real UDP listener on loopback, with long-term user "u" (password "p") and loopback peers allowed, its loop on a
 * thread of its own; and the client steps the listener tests share.
 */
final class RunningUdpListener implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int CHANNEL = 0x4000;

    final AllocationManager allocations;
    final UdpListener listener;
    final Thread loop;

    RunningUdpListener(ClientSocketMode mode, int maxAllocations, int relayPortMin, int relayPortMax) throws IOException {
        this(mode, true, maxAllocations, relayPortMin, relayPortMax);
    }

    /** With {@code nativeReceive} as {@code rendezvous.turn.udp-native-receive} (it applies where the JVM allows it). */
    RunningUdpListener(ClientSocketMode mode, boolean nativeReceive, int maxAllocations, int relayPortMin,
                       int relayPortMax) throws IOException {
        this(LOOPBACK, mode, nativeReceive, maxAllocations, relayPortMin, relayPortMax);
    }

    /** Listening on {@code address} (its relays stay on IPv4 loopback). */
    RunningUdpListener(InetAddress address, ClientSocketMode mode, boolean nativeReceive, int maxAllocations,
                       int relayPortMin, int relayPortMax) throws IOException {
        allocations = new AllocationManager(new AllocationManager.Limits(maxAllocations, maxAllocations, 4, 4,
                relayPortMin, relayPortMax, LOOPBACK, LOOPBACK));
        TurnAuthenticator auth = new TurnAuthenticator("r", Map.of("u", "p"), List.of(), new NonceService(600_000),
                new SourceLimiter(1000, TimeUnit.MINUTES.toNanos(1), 1000));
        TurnServer server = new TurnServer(auth, allocations,
                new PeerAddressPolicy(true, false, List.of(), List.of(), List.of()), new CountingTurnMetrics());
        listener = new UdpListener(new InetSocketAddress(address, 0), server, allocations, new CountingTurnMetrics(),
                false, mode, nativeReceive);
        loop = new Thread(listener, "udp-listener-under-test");
        loop.start();
    }

    @Override
    public void close() throws InterruptedException {
        listener.stop();
        loop.join(5000);
        allocations.deleteAll();
    }

    /** Allocates for {@code client} as user "u": the relayed address. */
    static InetSocketAddress allocate(DatagramTurnClient client) throws IOException {
        StunTestClient.Reply reply = client.authenticated(MessageType.ALLOCATE, "u", "p", StunTestClient.transport(StunTestClient.UDP));
        assertTrue(reply.success(), "Allocate: error " + reply.errorCode());
        return reply.address(AttributeType.XOR_RELAYED_ADDRESS);
    }

    static void bindChannel(DatagramTurnClient client, DatagramSocket peer) throws IOException {
        bindChannel(client, (InetSocketAddress) peer.getLocalSocketAddress());
    }

    /** Binds {@link #CHANNEL} to {@code peer}. */
    static void bindChannel(DatagramTurnClient client, InetSocketAddress peer) throws IOException {
        assertTrue(client.request(MessageType.CHANNEL_BIND, w -> w.u32(AttributeType.CHANNEL_NUMBER, (long) CHANNEL << 16)
                .xorAddress(AttributeType.XOR_PEER_ADDRESS, peer)).success());
    }

    /** A peer on loopback that waits at most 2 s for a datagram. */
    static DatagramSocket peerSocket() throws IOException {
        DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peer.setSoTimeout(2000);
        return peer;
    }

    static String receiveText(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    /**
     * The bytes this listener's thread allocates per packet relayed between two allocations of its own, A's and B's,
     * counted by the JVM once the JIT has compiled the relay path.
     */
    double allocatedPerRelayedPacket(DatagramTurnClient a, DatagramTurnClient b) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        InetSocketAddress relayedA = allocate(a);
        InetSocketAddress relayedB = allocate(b);
        bindChannel(a, relayedB);
        bindChannel(b, relayedA);
        byte[] payload = new byte[160];
        pingPong(a, b, payload, 20_000); // the JIT compiles the relay path
        long before = threads.getThreadAllocatedBytes(loop.getId());
        int packets = pingPong(a, b, payload, 10_000);
        return (double) (threads.getThreadAllocatedBytes(loop.getId()) - before) / packets;
    }

    /** Relays {@code payload} from A to B and back {@code times} times, each packet awaited. @return packets relayed */
    private static int pingPong(DatagramTurnClient a, DatagramTurnClient b, byte[] payload, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            a.channelData(CHANNEL, payload);
            b.receivePacket();
            b.channelData(CHANNEL, payload);
            a.receivePacket();
        }
        return 2 * times;
    }
}
