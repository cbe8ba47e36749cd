package dev.rendezvous.turn;

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
import java.util.Set;

import static dev.rendezvous.turn.RunningUdpListener.CHANNEL;
import static dev.rendezvous.turn.RunningUdpListener.LOOPBACK;
import static dev.rendezvous.turn.RunningUdpListener.allocate;
import static dev.rendezvous.turn.RunningUdpListener.bindChannel;
import static dev.rendezvous.turn.RunningUdpListener.peerSocket;
import static dev.rendezvous.turn.RunningUdpListener.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A UDP listener that serves every client through its own one socket (the default where the kernel grants it its
 * receive buffer; {@code rendezvous.turn.udp-client-sockets=false}; every platform but Linux 6.13 and later): the relay
 * works both ways, with many clients interleaved, and the only garbage per packet is the JDK's sender address where
 * the socket is read with the JDK's receive, and none where it is read natively ({@link NativeReceive}).
 */
class UdpListenerWithoutClientSocketsTest {
    private RunningUdpListener running;
    private AllocationManager allocations;
    private UdpListener listener;

    @BeforeEach
    void start() throws IOException {
        running = new RunningUdpListener(ClientSocketMode.NEVER, 100, 54000, 54999);
        allocations = running.allocations;
        listener = running.listener;
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.close();
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
     * The price of serving every client through one socket with the JDK's receive, pinned: the JDK decodes a new
     * sender address for each datagram whose sender differs from the previous one's (here every one, as two clients
     * alternate), 120 bytes on Java 17 (the bound leaves room for other JDKs), and the relay adds nothing to it.
     */
    @Test
    void throughTheJdksReceiveTheOnlyGarbagePerPacketIsItsSenderAddress() throws Exception {
        try (RunningUdpListener jdk = new RunningUdpListener(ClientSocketMode.NEVER, false, 100, 55000, 55999);
             DatagramTurnClient a = new DatagramTurnClient(jdk.listener.address(), LOOPBACK);
             DatagramTurnClient b = new DatagramTurnClient(jdk.listener.address(), LOOPBACK)) {
            double perPacket = jdk.allocatedPerRelayedPacket(a, b);
            assertTrue(perPacket <= 160, perPacket + " bytes per relayed packet");
        }
    }

    /**
     * Where the JVM lets the listener read its socket natively (on Linux, with the JVM options that
     * {@code liberty:run} writes, as this build's tests have; {@link NativeReceiveOnNewerJavaTest} runs this class
     * again on Java 22 or later), not even that.
     */
    @Test
    void readNativelyARelayedPacketAllocatesNothing() throws Exception {
        assumeTrue(listener.readsNatively(), "this JVM reads the listener's socket with the JDK's receive");
        try (DatagramTurnClient a = new DatagramTurnClient(listener.address(), LOOPBACK);
             DatagramTurnClient b = new DatagramTurnClient(listener.address(), LOOPBACK)) {
            double perPacket = running.allocatedPerRelayedPacket(a, b);
            assertTrue(perPacket < 1, perPacket + " bytes per relayed packet");
        }
    }

    /** So that the test above cannot be skipped unseen where it should run: on Linux, given the option, on any Java. */
    @Test
    void onLinuxWithTheOpenedPackageTheListenerReadsNatively() {
        assumeTrue(DatagramChannels.onLinux(), "the native read is Linux's");
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains(NativeReceive.OPENS),
                "this JVM was started without " + NativeReceive.OPENS);
        assertTrue(listener.readsNatively(), listener.howClientsAreRead());
    }

    /** The sender address of an IPv6 datagram, decoded by the server where it reads natively, is the client's own. */
    @Test
    void anIpv6ClientIsAnsweredAtItsOwnAddress() throws Exception {
        InetAddress v6Loopback = InetAddress.getByName("::1");
        try (RunningUdpListener v6 = new RunningUdpListener(v6Loopback, ClientSocketMode.NEVER, true, 4, 55000, 55999);
             DatagramTurnClient client = new DatagramTurnClient(v6.listener.address(), v6Loopback)) {
            StunTestClient.Reply reply = client.request(MessageType.BINDING, attributes -> { });
            assertTrue(reply.success(), "a Binding answer");
            assertEquals(client.localAddress(), reply.address(AttributeType.XOR_MAPPED_ADDRESS));
        }
    }

    @Test
    void itsStartUpLineSaysHowClientsAreReadAndWhatToRaiseWhenTheKernelCappedItsBuffer() {
        String line = listener.howClientsAreRead();
        assertFalse(listener.clientSockets());
        assertTrue(line.contains("through the listener's socket"), line);
        assertEquals(listener.receiveBufferCapped(), line.contains("raise net.core.rmem_max"), line);
        assertEquals(listener.readsNatively(), line.contains(", which allocates nothing per datagram."), line);
        assertEquals(!listener.readsNatively(), line.contains("read with the JDK's receive, which allocates"), line);
    }

    @Test
    void toldNotToItReadsWithTheJdksReceiveAndSaysSo() throws Exception {
        try (RunningUdpListener told = new RunningUdpListener(ClientSocketMode.NEVER, false, 4, 54000, 54999)) {
            assertFalse(told.listener.readsNatively());
            assertTrue(told.listener.howClientsAreRead().endsWith("(rendezvous.turn.udp-native-receive=false)."),
                    told.listener.howClientsAreRead());
        }
    }
}
