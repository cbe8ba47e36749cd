package dev.rendezvous.turn;

import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.auth.NonceService;
import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.rendezvous.turn.StunTestClient.TCP;
import static dev.rendezvous.turn.StunTestClient.UDP;
import static dev.rendezvous.turn.StunTestClient.connectionId;
import static dev.rendezvous.turn.StunTestClient.peer;
import static dev.rendezvous.turn.StunTestClient.transport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6062 TCP relaying on a real TCP listener on loopback, with real peer sockets, and a clock the test moves to
 * reach the 30 s timeouts at once.
 */
class TcpRelayTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int PER_ALLOCATION = 3;

    private final AtomicLong clock = new AtomicLong(System.nanoTime());
    private final CountingTurnMetrics metrics = new CountingTurnMetrics();
    private final AllocationManager allocations = new AllocationManager(new AllocationManager.Limits(
            20, 20, 8, 8, 52000, 52999, LOOPBACK, LOOPBACK));
    private TcpListener listener;
    private ServerSocket peers;

    @BeforeEach
    void start() throws IOException {
        TurnAuthenticator auth = new TurnAuthenticator("test", Map.of("alice", "alice-pw", "bob", "bob-pw"), List.of(),
                new NonceService(600_000), new SourceLimiter(1000, TimeUnit.MINUTES.toNanos(1), 1000));
        PeerAddressPolicy policy = new PeerAddressPolicy(true, false, List.of(), List.of(),
                List.of(new InetSocketAddress(LOOPBACK, 3478)));
        TurnServer server = new TurnServer(auth, allocations, policy, metrics);
        listener = new TcpListener(new InetSocketAddress(LOOPBACK, 0), server, allocations, metrics, 100,
                PER_ALLOCATION, null, clock::get);
        Thread thread = new Thread(listener, "tcp-listener-under-test");
        thread.setDaemon(true);
        thread.start();
        peers = new ServerSocket(0, 50, LOOPBACK);
        peers.setSoTimeout(5000);
    }

    @AfterEach
    void stop() throws IOException {
        listener.stop();
        allocations.deleteAll();
        peers.close();
    }

    private StreamTurnClient control() throws IOException {
        return new StreamTurnClient(listener.address());
    }

    private InetSocketAddress peerAddress() {
        return (InetSocketAddress) peers.getLocalSocketAddress();
    }

    /** A TCP allocation for alice on {@code client}; returns the relayed address. */
    private static InetSocketAddress allocateTcp(StreamTurnClient client) throws IOException {
        StreamTurnClient.Reply allocated = client.authenticated(MessageType.ALLOCATE, "alice", "alice-pw", transport(TCP));
        assertTrue(allocated.success(), "TCP Allocate: " + allocated.errorCode());
        return allocated.address(AttributeType.XOR_RELAYED_ADDRESS);
    }

    /** Binds a new client data connection to {@code id} as {@code user}. */
    private StreamTurnClient bind(int id, String user, String password) throws IOException {
        StreamTurnClient data = control();
        StreamTurnClient.Reply bound = data.authenticated(MessageType.CONNECTION_BIND, user, password, connectionId(id));
        assertTrue(bound.success(), "ConnectionBind: " + bound.errorCode());
        return data;
    }

    @Test
    void connectThenConnectionBindPipesBytesBothWaysWithBackPressure() throws Exception {
        try (StreamTurnClient client = control()) {
            InetSocketAddress relayed = allocateTcp(client);
            StreamTurnClient.Reply connected = client.request(MessageType.CONNECT, peer(peerAddress()));
            assertTrue(connected.success(), "Connect: " + connected.errorCode());
            assertNotEquals(0, connected.connectionId());
            try (Socket peer = peers.accept(); StreamTurnClient data = bind(connected.connectionId(), "alice", "alice-pw")) {
                assertEquals(relayed.getPort(), peer.getPort(), "the peer sees the relayed address");
                byte[] up = randomBytes(3 << 20, 1);
                byte[] down = randomBytes(5 << 20, 2);
                // Both directions at once, several times the pipe buffers: neither side may stall or lose a byte.
                CompletableFuture<byte[]> atPeer = CompletableFuture.supplyAsync(() -> readExactly(peer, up.length));
                CompletableFuture<Void> fromPeer = CompletableFuture.runAsync(() -> write(peer, down));
                data.socket().getOutputStream().write(up);
                assertArrayEquals(digest(down), digest(readExactly(data.socket(), down.length)));
                fromPeer.get(10, TimeUnit.SECONDS);
                assertArrayEquals(digest(up), digest(atPeer.get(10, TimeUnit.SECONDS)));

                peer.getOutputStream().write("last words".getBytes());
                peer.shutdownOutput();
                assertArrayEquals("last words".getBytes(), readExactly(data.socket(), 10), "bytes before a close arrive");
                assertEquals(-1, data.socket().getInputStream().read(), "the peer's close reaches the client");
            }
        }
    }

    @Test
    void aPeerConnectingToTheRelayedAddressIsAnnouncedOnlyWithAPermission() throws Exception {
        try (StreamTurnClient client = control()) {
            InetSocketAddress relayed = allocateTcp(client);
            try (Socket stranger = new Socket(LOOPBACK, relayed.getPort())) {
                stranger.setSoTimeout(5000);
                assertEquals(-1, stranger.getInputStream().read(), "no permission: the connection is refused");
            }
            assertTrue(client.request(MessageType.CREATE_PERMISSION, peer(new InetSocketAddress(LOOPBACK, 1))).success());
            try (Socket peer = new Socket(LOOPBACK, relayed.getPort())) {
                peer.setSoTimeout(5000);
                peer.getOutputStream().write("early".getBytes()); // held until the client binds
                StreamTurnClient.Reply attempt = client.nextIndication();
                assertEquals(MessageType.CONNECTION_ATTEMPT, attempt.reader().method());
                assertEquals(peer.getLocalSocketAddress(), attempt.address(AttributeType.XOR_PEER_ADDRESS));
                try (StreamTurnClient data = bind(attempt.connectionId(), "alice", "alice-pw")) {
                    assertArrayEquals("early".getBytes(), readExactly(data.socket(), 5));
                    data.socket().getOutputStream().write("reply".getBytes());
                    assertArrayEquals("reply".getBytes(), readExactly(peer, 5));
                }
                assertEquals(-1, peer.getInputStream().read(), "the client data connection's close reaches the peer");
            }
        }
    }

    @Test
    void connectErrors() throws Exception {
        try (StreamTurnClient client = control()) {
            StreamTurnClient.Reply noAllocation = client.authenticated(MessageType.CONNECT, "alice", "alice-pw", peer(peerAddress()));
            assertEquals(437, noAllocation.errorCode());
            allocateTcp(client);
            assertEquals(400, client.request(MessageType.CONNECT, w -> { }).errorCode(), "no XOR-PEER-ADDRESS");
            assertEquals(403, client.request(MessageType.CONNECT, peer(new InetSocketAddress("169.254.169.254", 80))).errorCode());
            assertEquals(403, client.request(MessageType.CONNECT, peer(new InetSocketAddress("0.0.0.0", 80))).errorCode());
            assertEquals(443, client.request(MessageType.CONNECT, peer(new InetSocketAddress("::1", 80))).errorCode(),
                    "an IPv4 relay cannot reach an IPv6 peer");
            int closedPort;
            try (ServerSocket gone = new ServerSocket(0, 1, LOOPBACK)) {
                closedPort = gone.getLocalPort();
            }
            assertEquals(447, client.request(MessageType.CONNECT, peer(new InetSocketAddress(LOOPBACK, closedPort))).errorCode(),
                    "a refused connection");
            assertTrue(client.request(MessageType.CONNECT, peer(peerAddress())).success());
            assertEquals(446, client.request(MessageType.CONNECT, peer(peerAddress())).errorCode(), "the same peer again");
            try (ServerSocket second = new ServerSocket(0, 5, LOOPBACK); ServerSocket third = new ServerSocket(0, 5, LOOPBACK);
                 ServerSocket fourth = new ServerSocket(0, 5, LOOPBACK)) {
                assertTrue(client.request(MessageType.CONNECT, peer((InetSocketAddress) second.getLocalSocketAddress())).success());
                assertTrue(client.request(MessageType.CONNECT, peer((InetSocketAddress) third.getLocalSocketAddress())).success());
                assertEquals(508, client.request(MessageType.CONNECT, peer((InetSocketAddress) fourth.getLocalSocketAddress())).errorCode(),
                        "at most " + PER_ALLOCATION + " connections per allocation");
            }
            assertEquals(400, client.request(MessageType.CHANNEL_BIND, w -> w.u32(AttributeType.CHANNEL_NUMBER, 0x4000L << 16)
                    .xorAddress(AttributeType.XOR_PEER_ADDRESS, peerAddress())).errorCode(), "no channels on a TCP relay");
            assertTrue(client.request(MessageType.REFRESH, w -> { }).success(), "the allocation is still fine");
        }
    }

    @Test
    void connectOnAUdpAllocationIsABadRequest() throws Exception {
        try (StreamTurnClient client = control()) {
            assertTrue(client.authenticated(MessageType.ALLOCATE, "alice", "alice-pw", transport(UDP)).success());
            assertEquals(400, client.request(MessageType.CONNECT, peer(peerAddress())).errorCode());
        }
    }

    @Test
    void tcpAllocationsTakeNoUdpOnlyAttributes() throws Exception {
        try (StreamTurnClient client = control()) {
            assertEquals(400, client.authenticated(MessageType.ALLOCATE, "alice", "alice-pw",
                    transport(TCP).andThen(w -> w.attribute(AttributeType.EVEN_PORT, new byte[]{0}))).errorCode());
            assertEquals(400, client.request(MessageType.ALLOCATE, transport(TCP).andThen(
                    w -> w.attribute(AttributeType.RESERVATION_TOKEN, new byte[]{1, 2, 3, 4, 5, 6, 7, 8}))).errorCode());
            assertEquals(400, client.request(MessageType.ALLOCATE, transport(TCP).andThen(
                    w -> w.attribute(AttributeType.ADDITIONAL_ADDRESS_FAMILY, new byte[]{2, 0, 0, 0}))).errorCode());
            assertEquals(442, client.request(MessageType.ALLOCATE, transport(132)).errorCode(), "SCTP");
            assertEquals(0, allocations.count());
            allocateTcp(client);
        }
    }

    @Test
    void connectionBindNeedsAPendingIdOfTheSameUser() throws Exception {
        try (StreamTurnClient client = control()) {
            allocateTcp(client);
            int id = client.request(MessageType.CONNECT, peer(peerAddress())).connectionId();
            try (Socket peer = peers.accept()) {
                try (StreamTurnClient data = control()) {
                    assertEquals(400, data.authenticated(MessageType.CONNECTION_BIND, "alice", "alice-pw", connectionId(id + 1)).errorCode(),
                            "an unknown id");
                    assertEquals(400, data.request(MessageType.CONNECTION_BIND, w -> { }).errorCode(), "no CONNECTION-ID");
                }
                try (StreamTurnClient data = control()) {
                    assertEquals(400, data.authenticated(MessageType.CONNECTION_BIND, "bob", "bob-pw", connectionId(id)).errorCode(),
                            "another user's connection");
                }
                try (StreamTurnClient data = bind(id, "alice", "alice-pw")) {
                    data.socket().getOutputStream().write(1);
                    assertEquals(1, peer.getInputStream().read(), "still bindable by its owner");
                }
                try (StreamTurnClient data = control()) {
                    assertEquals(400, data.authenticated(MessageType.CONNECTION_BIND, "alice", "alice-pw", connectionId(id)).errorCode(),
                            "an id binds once");
                }
            }
            assertEquals(400, client.request(MessageType.CONNECTION_BIND, connectionId(id)).errorCode(),
                    "not on a control connection");
        }
    }

    @Test
    void peerConnectionsWithoutConnectionBindCloseAfter30Seconds() throws Exception {
        try (StreamTurnClient client = control()) {
            InetSocketAddress relayed = allocateTcp(client);
            int outgoing = client.request(MessageType.CONNECT, peer(peerAddress())).connectionId();
            assertTrue(client.request(MessageType.CREATE_PERMISSION, peer(new InetSocketAddress(LOOPBACK, 1))).success());
            try (Socket connected = peers.accept(); Socket incoming = new Socket(LOOPBACK, relayed.getPort())) {
                client.nextIndication();
                connected.setSoTimeout(200);
                assertThrows(SocketTimeoutException.class, () -> connected.getInputStream().read(), "open while waiting");
                clock.addAndGet(TimeUnit.SECONDS.toNanos(31));
                connected.setSoTimeout(5000);
                incoming.setSoTimeout(5000);
                assertEquals(-1, connected.getInputStream().read(), "an unbound outgoing connection is closed");
                assertEquals(-1, incoming.getInputStream().read(), "an unbound incoming connection is closed");
            }
            try (StreamTurnClient data = control()) {
                assertEquals(400, data.authenticated(MessageType.CONNECTION_BIND, "alice", "alice-pw", connectionId(outgoing)).errorCode());
            }
        }
    }

    @Test
    void closingTheControlConnectionClosesEveryConnectionOfTheAllocation() throws Exception {
        StreamTurnClient client = control();
        allocateTcp(client);
        int id = client.request(MessageType.CONNECT, peer(peerAddress())).connectionId();
        try (Socket peer = peers.accept(); StreamTurnClient data = bind(id, "alice", "alice-pw")) {
            client.close();
            peer.setSoTimeout(5000);
            assertEquals(-1, peer.getInputStream().read(), "the peer connection closes");
            assertEquals(-1, data.socket().getInputStream().read(), "the client data connection closes");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (allocations.count() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, allocations.count());
    }

    @Test
    void anExpiredAllocationTakesItsConnectionsWithIt() throws Exception {
        try (StreamTurnClient client = control()) {
            allocateTcp(client);
            int id = client.request(MessageType.CONNECT, peer(peerAddress())).connectionId();
            try (Socket peer = peers.accept(); StreamTurnClient data = bind(id, "alice", "alice-pw")) {
                allocations.expire(System.nanoTime() + TimeUnit.HOURS.toNanos(2)); // as the maintenance thread does
                clock.addAndGet(TimeUnit.SECONDS.toNanos(2)); // the listener's next sweep
                peer.setSoTimeout(5000);
                assertEquals(-1, peer.getInputStream().read());
                assertEquals(-1, data.socket().getInputStream().read());
            }
        }
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] readExactly(Socket socket, int length) {
        try {
            byte[] bytes = new byte[length];
            InputStream in = socket.getInputStream();
            for (int read = 0; read < length; ) {
                int n = in.read(bytes, read, length - read);
                if (n < 0) {
                    return Arrays.copyOf(bytes, read);
                }
                read += n;
            }
            return bytes;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] digest(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
