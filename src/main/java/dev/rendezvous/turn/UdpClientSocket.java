package dev.rendezvous.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Locale;

/**
 * A UDP allocation's own socket towards its client: bound to the listener's address and port (SO_REUSEPORT, as the
 * listener is) and connected to the client, so that Linux hands it that client's datagrams (a connected socket wins
 * the lookup over the listener) and it sends without naming an address. Reading it needs no sender address: on the
 * listener the JDK decodes a new one for every datagram whose source differs from the previous one's (with many
 * clients, nearly every datagram), and that garbage is what paces the collector's pauses under relay load. coturn
 * keeps a connected socket per client session for the same reason. Closed when its allocation ends; the listener
 * then hears that client again. Not thread-safe except {@link #release}: used on its listener's thread.
 */
final class UdpClientSocket implements ClientLink {
    private static final boolean SUPPORTED = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

    private final DatagramChannel channel;
    private final InetSocketAddress client;
    private final ReadBudget reads = new ReadBudget(64);

    private UdpClientSocket(DatagramChannel channel, InetSocketAddress client) {
        this.channel = channel;
        this.client = client;
    }

    /** Whether this platform steers a client's datagrams to its connected socket (Linux); elsewhere none is opened. */
    static boolean supported() {
        return SUPPORTED;
    }

    /** A non-blocking socket on {@code listener}'s address and port, connected to {@code client}. */
    static UdpClientSocket open(InetSocketAddress listener, InetSocketAddress client) throws IOException {
        return connect(bind(listener), client);
    }

    /** A socket bound beside the listener: until it is connected, the kernel may give it any client's datagram. */
    static DatagramChannel bind(InetSocketAddress listener) throws IOException {
        DatagramChannel channel = DatagramChannels.openFor(listener.getAddress());
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            channel.bind(listener);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Connects {@code bound} to {@code client} and discards what it received before, which other clients may have
     * sent (the JDK's connect says it may discard them; this makes sure, whatever the JDK): only datagrams the
     * client sent after the Allocate reached the server, none of them answered yet, can be lost with them.
     */
    static UdpClientSocket connect(DatagramChannel bound, InetSocketAddress client) throws IOException {
        try {
            bound.connect(client);
            bound.configureBlocking(false);
            ByteBuffer discard = ByteBuffer.allocate(1);
            while (bound.receive(discard.clear()) != null) {
                // another client's datagram, from before the connect
            }
            return new UdpClientSocket(bound, client);
        } catch (IOException | RuntimeException e) {
            bound.close();
            throw e;
        }
    }

    DatagramChannel channel() {
        return channel;
    }

    ReadBudget reads() {
        return reads;
    }

    /** The client's address as the allocation knows it (the key of the listener's index). */
    InetSocketAddress client() {
        return client;
    }

    /**
     * Reads one datagram into {@code in}: its length, or -1 when there is none (or it was empty, which the JDK cannot
     * tell apart). An ICMP error that the kernel queued on the socket (the client's port closed) is consumed and
     * counts as none.
     */
    int read(ByteBuffer in) {
        try {
            int length = channel.read(in);
            return length > 0 ? length : -1;
        } catch (IOException unreachable) {
            return -1;
        }
    }

    @Override
    public void send(ByteBuffer message) {
        try {
            channel.write(message);
        } catch (IOException e) {
            // a full send buffer or an ICMP error from the client's side: UDP to the client is best effort
        }
    }

    @Override
    public void release() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a datagram channel only fails if it is already closed
        }
    }
}
