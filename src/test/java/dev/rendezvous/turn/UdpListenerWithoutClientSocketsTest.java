package dev.rendezvous.turn;

import dev.rendezvous.auth.NonceService;
import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A UDP listener that serves every client through its own one socket (the default where the kernel grants it its
 * receive buffer; {@code rendezvous.turn.udp-client-sockets=false}; every platform but Linux 6.13 and later): the relay
 * works both ways, with many clients interleaved, and the only garbage per packet is the JDK's sender address.
 */
class UdpListenerWithoutClientSocketsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CHANNEL = 0x4000;

    private AllocationManager allocations;
    private UdpListener listener;
    private Thread loop;

    @BeforeEach
    void start() throws IOException {
        allocations = new AllocationManager(new AllocationManager.Limits(100, 100, 4, 4, 54000, 54999, LOOPBACK, LOOPBACK));
        TurnAuthenticator auth = new TurnAuthenticator("r", Map.of("u", "p"), List.of(), new NonceService(600_000),
                new SourceLimiter(1000, TimeUnit.MINUTES.toNanos(1), 1000));
        TurnServer server = new TurnServer(auth, allocations,
                new PeerAddressPolicy(true, false, List.of(), List.of(), List.of()), new CountingTurnMetrics());
        listener = new UdpListener(new InetSocketAddress(LOOPBACK, 0), server, allocations, new CountingTurnMetrics(),
                false, ClientSocketMode.NEVER);
        loop = new Thread(listener, "udp-listener-under-test");
        loop.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        listener.stop();
        loop.join(5000);
        allocations.deleteAll();
    }

    @Test
    void theListenerRelaysBothWaysThroughItsOwnSocket() throws Exception {
        try (DatagramTurnClient client = new DatagramTurnClient(listener.address(), LOOPBACK); DatagramSocket peer = peerSocket()) {
            InetSocketAddress relayed = allocate(client);
            Allocation allocation = allocations.find(new FiveTuple(Transport.UDP, client.localAddress(), listener.address()));
            assertFalse(allocation.link() instanceof UdpClientSocket, "no socket of its own: the listener serves it");

            bindChannel(client, (InetSocketAddress) peer.getLocalSocketAddress());
            client.channelData(CHANNEL, "to the peer".getBytes(StandardCharsets.UTF_8));
            assertEquals("to the peer", receiveText(peer));
            byte[] back = "to the client".getBytes(StandardCharsets.UTF_8);
            peer.send(new DatagramPacket(back, back.length, relayed));
            DatagramPacket answer = client.receivePacket();
            assertEquals(listener.address(), answer.getSocketAddress(), "from the listener's address");
            assertEquals("to the client", new String(answer.getData(), 4, answer.getLength() - 4, StandardCharsets.UTF_8));
        }
    }

    @Test
    void manyClientsInterleavedAreEachRelayedAsThemselves() throws Exception {
        List<DatagramTurnClient> clients = new ArrayList<>();
        try (DatagramSocket peer = peerSocket()) {
            for (int i = 0; i < 40; i++) {
                DatagramTurnClient client = new DatagramTurnClient(listener.address(), LOOPBACK);
                clients.add(client);
                allocate(client);
                bindChannel(client, (InetSocketAddress) peer.getLocalSocketAddress());
            }
            Set<String> expected = new HashSet<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < clients.size(); i++) {
                    String text = "client " + i + " round " + round;
                    expected.add(text);
                    clients.get(i).channelData(CHANNEL, text.getBytes(StandardCharsets.UTF_8));
                }
            }
            Set<String> received = new HashSet<>();
            while (received.size() < expected.size()) {
                received.add(receiveText(peer));
            }
            assertEquals(expected, received);
        } finally {
            clients.forEach(DatagramTurnClient::close);
        }
    }

    /**
     * The price of serving every client through one socket, pinned: the JDK decodes a new sender address for each
     * datagram whose sender differs from the previous one's (here every one, as two clients alternate), 120
     * bytes on Java 17 (the bound leaves room for other JDKs), and the relay adds nothing to it.
     */
    @Test
    void theOnlyGarbagePerPacketIsTheJdksSenderAddress() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        try (DatagramTurnClient a = new DatagramTurnClient(listener.address(), LOOPBACK);
             DatagramTurnClient b = new DatagramTurnClient(listener.address(), LOOPBACK)) {
            InetSocketAddress relayedA = allocate(a);
            InetSocketAddress relayedB = allocate(b);
            bindChannel(a, relayedB);
            bindChannel(b, relayedA);
            byte[] payload = new byte[160];
            pingPong(a, b, payload, 20_000); // the JIT compiles the relay path
            long before = threads.getThreadAllocatedBytes(loop.getId());
            int packets = pingPong(a, b, payload, 10_000);
            long perPacket = (threads.getThreadAllocatedBytes(loop.getId()) - before) / packets;
            assertTrue(perPacket <= 160, perPacket + " bytes per relayed packet");
        }
    }

    @Test
    void itsStartUpLineSaysHowClientsAreReadAndWhatToRaiseWhenTheKernelCappedItsBuffer() {
        String line = listener.howClientsAreRead();
        assertFalse(listener.clientSockets());
        assertTrue(line.contains("through the listener's socket"), line);
        assertEquals(listener.receiveBufferCapped(), line.contains("raise net.core.rmem_max"), line);
    }

    private static int pingPong(DatagramTurnClient a, DatagramTurnClient b, byte[] payload, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            a.channelData(CHANNEL, payload);
            b.receivePacket();
            b.channelData(CHANNEL, payload);
            a.receivePacket();
        }
        return 2 * times;
    }

    private static InetSocketAddress allocate(DatagramTurnClient client) throws IOException {
        StunTestClient.Reply reply = client.authenticated(MessageType.ALLOCATE, "u", "p", StunTestClient.transport(StunTestClient.UDP));
        assertTrue(reply.success(), "Allocate: error " + reply.errorCode());
        return reply.address(AttributeType.XOR_RELAYED_ADDRESS);
    }

    private static void bindChannel(DatagramTurnClient client, InetSocketAddress peer) throws IOException {
        assertTrue(client.request(MessageType.CHANNEL_BIND, w -> w.u32(AttributeType.CHANNEL_NUMBER, (long) CHANNEL << 16)
                .xorAddress(AttributeType.XOR_PEER_ADDRESS, peer)).success());
    }

    private static DatagramSocket peerSocket() throws IOException {
        DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peer.setSoTimeout(2000);
        return peer;
    }

    private static String receiveText(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }
}
