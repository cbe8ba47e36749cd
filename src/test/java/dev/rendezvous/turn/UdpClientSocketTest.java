package dev.rendezvous.turn;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.turn.RunningUdpListener.CHANNEL;
import static dev.rendezvous.turn.RunningUdpListener.LOOPBACK;
import static dev.rendezvous.turn.RunningUdpListener.allocate;
import static dev.rendezvous.turn.RunningUdpListener.bindChannel;
import static dev.rendezvous.turn.RunningUdpListener.peerSocket;
import static dev.rendezvous.turn.RunningUdpListener.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A UDP allocation's own connected socket ({@link UdpClientSocket}) on a real listener over loopback: the kernel
 * steers the client's datagrams to it, the relay works both ways through it, it closes with its allocation (and the
 * listener hears the client again), a client that vanished (ICMP errors on the connected socket) stops nothing, and
 * the listener serves a round's relay sockets before its client sockets.
 */
class UdpClientSocketTest {
    private RunningUdpListener running;
    private AllocationManager allocations;
    private UdpListener listener;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(UdpClientSocket.supported(), "connected client sockets are opened on Linux 6.13 or later only");
        running = new RunningUdpListener(ClientSocketMode.ALWAYS, 20, 52000, 52999);
        allocations = running.allocations;
        listener = running.listener;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void theClientsDatagramsComeThroughItsOwnSocketUntilItsAllocationEnds() throws Exception {
        try (UdpTurnClient client = new UdpTurnClient(listener.address()); DatagramSocket peer = peerSocket()) {
            InetSocketAddress relayed = allocate(client);
            UdpClientSocket own = ownSocket(client);
            assertEquals(client.localAddress(), own.channel().getRemoteAddress(), "connected to the client");
            assertEquals(listener.address(), own.channel().getLocalAddress(), "on the listener's address and port");

            bindChannel(client, peer);
            client.channelData("to the peer");
            assertEquals("to the peer", receiveText(peer));
            peer.send(datagram("to the client", relayed));
            DatagramPacket back = client.receivePacket();
            assertEquals(listener.address(), back.getSocketAddress(), "from the address the client talks to");
            assertEquals(CHANNEL, ((back.getData()[0] & 0xFF) << 8) | (back.getData()[1] & 0xFF));
            assertEquals("to the client", new String(back.getData(), 4, back.getLength() - 4, StandardCharsets.UTF_8));

            assertTrue(client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0)).success(),
                    "Refresh reaches the server through the client's own socket");
            awaitClosed(own);
            assertNotNull(allocate(client), "the listener hears the client again and allocates anew");
            assertNotSame(own, ownSocket(client));
        }
    }

    @Test
    void anAllocationEndedOnAnotherThreadAnswersTheClientsNextRefreshWith437() throws Exception {
        try (UdpTurnClient client = new UdpTurnClient(listener.address())) {
            allocate(client);
            UdpClientSocket own = ownSocket(client);
            allocations.delete(allocations.find(new FiveTuple(Transport.UDP, client.localAddress(), listener.address())));
            StunTestClient.Reply refresh = client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 600));
            assertEquals(437, refresh.errorCode(), "no allocation: 437, whether its socket was closed yet or not");
            awaitClosed(own);
        }
    }

    @Test
    void aClientThatVanishedStopsNeitherItsSocketsReadsNorOtherClients() throws Exception {
        try (DatagramSocket peer = peerSocket()) {
            UdpTurnClient gone = new UdpTurnClient(listener.address());
            InetSocketAddress relayed = allocate(gone);
            bindChannel(gone, peer);
            gone.close();
            for (int i = 0; i < 5; i++) {
                peer.send(datagram("to nobody " + i, relayed)); // each answered by ICMP port unreachable
            }
            Thread.sleep(100);
            try (UdpTurnClient next = new UdpTurnClient(listener.address())) {
                InetSocketAddress nextRelayed = allocate(next);
                bindChannel(next, peer);
                next.channelData("still relaying");
                assertEquals("still relaying", receiveText(peer));
                peer.send(datagram("and back", nextRelayed));
                DatagramPacket back = next.receivePacket();
                assertEquals("and back", new String(back.getData(), 4, back.getLength() - 4, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void datagramsOtherClientsSentBeforeTheConnectAreNeverTakenAsTheClients() throws Exception {
        List<DatagramSocket> others = new ArrayList<>();
        try (UdpTurnClient client = new UdpTurnClient(listener.address())) {
            DatagramChannel bound = UdpClientSocket.bind(listener.address());
            for (int i = 0; i < 64; i++) { // spread by the kernel over the listener and the bound socket, by address hash
                DatagramSocket other = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                others.add(other);
                other.send(datagram("another client's", listener.address()));
            }
            Thread.sleep(50);
            UdpClientSocket own = UdpClientSocket.connect(bound, client.localAddress(), UdpClientSocket::close);
            try {
                assertEquals(-1, own.read(ByteBuffer.allocate(2048)), "nothing queued before the connect is read");
                client.channelData("the client's");
                Thread.sleep(50);
                ByteBuffer in = ByteBuffer.allocate(2048);
                assertEquals(4 + "the client's".length(), own.read(in), "what the client sends after the connect is");
            } finally {
                own.release();
            }
        } finally {
            others.forEach(DatagramSocket::close);
        }
    }

    /**
     * A round in which a client's own socket and a relay socket are both ready serves the relay socket first, though
     * the client's datagram came first: what is already under way goes out before new work is read. The listener is
     * held inside another client's Allocate (the allocation listener runs on its thread) while both datagrams arrive,
     * so that the next round finds both ready; its two answers reach the client in the order it served them.
     */
    @Test
    void aRoundServesItsRelaySocketsBeforeItsClientsOwnSockets() throws Exception {
        try (UdpTurnClient client = new UdpTurnClient(listener.address()); DatagramSocket peer = peerSocket();
             UdpTurnClient blocking = new UdpTurnClient(listener.address())) {
            InetSocketAddress relayed = allocate(client);
            bindChannel(client, peer);
            holdListenerWhile(blocking, () -> {
                client.bindingRequest(); // first: to the client's own socket
                Thread.sleep(20);
                peer.send(datagram("from the peer", relayed)); // then: to the relay socket
            });

            DatagramPacket first = client.receiveDataOrBindingAnswer();
            assertEquals(0x40, first.getData()[0] & 0xC0, "the peer's data first (ChannelData), then the Binding answer");
            assertEquals("from the peer", new String(first.getData(), 4, first.getLength() - 4, StandardCharsets.UTF_8));
            DatagramPacket second = client.receiveDataOrBindingAnswer();
            StunReader answer = new StunReader();
            assertEquals(StunReader.Result.OK, answer.read(Arrays.copyOf(second.getData(), second.getLength()), 0,
                    second.getLength()));
            assertEquals(MessageType.BINDING, answer.method());
            assertEquals(MessageType.SUCCESS, answer.messageClass());
        }
    }

    /**
     * A packet between two allocations of this listener takes its second hop (in at the other allocation's relay
     * socket) as soon as its first is done, in the same round: while the listener is held, A sends data to B and
     * then B a Binding request; B gets A's data before its Binding answer, where the second hop would otherwise wait
     * for the next round, behind the rest of the round's clients.
     */
    @Test
    void aPacketBetweenTwoAllocationsHereTakesItsSecondHopInTheSameRound() throws Exception {
        try (UdpTurnClient a = new UdpTurnClient(listener.address()); UdpTurnClient b = new UdpTurnClient(listener.address());
             UdpTurnClient blocking = new UdpTurnClient(listener.address())) {
            InetSocketAddress relayedA = allocate(a);
            InetSocketAddress relayedB = allocate(b);
            bindChannel(a, relayedB);
            bindChannel(b, relayedA);
            holdListenerWhile(blocking, () -> {
                a.channelData("from A");
                Thread.sleep(20);
                b.bindingRequest();
            });

            DatagramPacket first = b.receiveDataOrBindingAnswer();
            assertEquals(0x40, first.getData()[0] & 0xC0, "A's data first (ChannelData), then the Binding answer");
            assertEquals("from A", new String(first.getData(), 4, first.getLength() - 4, StandardCharsets.UTF_8));
            DatagramPacket second = b.receiveDataOrBindingAnswer();
            assertEquals(0x00, second.getData()[0] & 0xC0, "then the Binding answer");
        }
    }

    /** The same-round second hop keeps the receiving allocation's checks: without a permission for A, B gets nothing. */
    @Test
    void theSecondHopStillNeedsThePermissionOfTheReceivingAllocation() throws Exception {
        try (UdpTurnClient a = new UdpTurnClient(listener.address()); UdpTurnClient b = new UdpTurnClient(listener.address());
             DatagramSocket other = peerSocket()) {
            allocate(a);
            InetSocketAddress relayedB = allocate(b);
            bindChannel(a, relayedB);
            bindChannel(b, other); // B permits another peer, not A

            a.channelData("from A");
            b.bindingRequest();
            DatagramPacket answer = b.receiveDataOrBindingAnswer();
            assertEquals(0x00, answer.getData()[0] & 0xC0, "no ChannelData from A, only B's Binding answer");
        }
    }

    /**
     * The relay between two allocations allocates nothing per packet on the listener's thread, counted by the JVM.
     * Descriptors are pushed past 127 first, where the JDK's selector boxes each ready one into a new Integer unless
     * the JVM starts with a larger Integer cache, as the pom's run-options (and this test's JVM) do.
     */
    @Test
    void theRelayBetweenTwoAllocationsAllocatesNothingPerPacket() throws Exception {
        List<DatagramChannel> filler = new ArrayList<>();
        try (UdpTurnClient a = new UdpTurnClient(listener.address()); UdpTurnClient b = new UdpTurnClient(listener.address())) {
            for (int i = 0; i < 200; i++) {
                filler.add(DatagramChannel.open());
            }
            double perPacket = running.allocatedPerRelayedPacket(a, b);
            assertTrue(perPacket < 1, perPacket + " bytes per relayed packet (16 is the selector's boxing: run with"
                    + " -Djava.lang.Integer.IntegerCache.high=65535)");
        } finally {
            for (DatagramChannel channel : filler) {
                channel.close();
            }
        }
    }

    /** Runs {@code sends} while this listener's thread is held in another client's Allocate, then lets it go. */
    private void holdListenerWhile(UdpTurnClient blocking, Sends sends) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            allocations.listen(new AllocationListener() {
                @Override
                public void created(Allocation allocation) {
                    held.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void ended(Allocation allocation) {
                }
            });
            Future<InetSocketAddress> blocked = other.submit(() -> allocate(blocking));
            assertTrue(held.await(2, TimeUnit.SECONDS), "the listener's thread is held in the other Allocate");
            sends.run();
            Thread.sleep(50);
            release.countDown();
            assertNotNull(blocked.get(2, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Sends {
        void run() throws Exception;
    }

    private UdpClientSocket ownSocket(UdpTurnClient client) {
        Allocation allocation = allocations.find(new FiveTuple(Transport.UDP, client.localAddress(), listener.address()));
        return assertInstanceOf(UdpClientSocket.class, allocation.link());
    }

    private static void awaitClosed(UdpClientSocket socket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (socket.channel().isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(socket.channel().isOpen(), "closed, on its listener's thread, once its allocation ended");
    }

    private static DatagramPacket datagram(String text, InetSocketAddress to) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new DatagramPacket(bytes, bytes.length, to);
    }

    /** A TURN client over UDP for this test: STUN requests and ChannelData. */
    private static final class UdpTurnClient extends DatagramTurnClient {
        private static final byte[] BINDING_TRANSACTION = new byte[12];

        UdpTurnClient(InetSocketAddress server) throws IOException {
            super(server, LOOPBACK);
        }

        void channelData(String text) throws IOException {
            channelData(CHANNEL, text.getBytes(StandardCharsets.UTF_8));
        }

        /** A Binding request, sent without waiting for its answer; its transaction ID is all zeros. */
        void bindingRequest() throws IOException {
            writer.begin(MessageType.of(MessageType.BINDING, MessageType.REQUEST), BINDING_TRANSACTION, 0);
            sendRaw(Arrays.copyOf(writer.buffer(), writer.length()));
        }

        /**
         * The next datagram that is ChannelData or the answer to {@link #bindingRequest}, past any second answer to
         * an earlier request that was retransmitted while its first answer was on its way.
         */
        DatagramPacket receiveDataOrBindingAnswer() throws IOException {
            while (true) {
                DatagramPacket packet = receivePacket();
                byte[] data = packet.getData();
                if ((data[0] & 0xC0) == 0x40 || packet.getLength() >= 20
                        && Arrays.equals(data, 8, 20, BINDING_TRANSACTION, 0, 12)) {
                    return packet;
                }
            }
        }
    }
}
