package dev.rendezvous.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UDP allocation's own socket towards its client: bound to the listener's address and port (SO_REUSEPORT, as the
 * listener is) and connected to the client, so that Linux hands it that client's datagrams (a connected socket wins
 * the lookup over the listener) and it sends without naming an address. Reading it needs no sender address: on the
 * listener the JDK decodes a new one for every datagram whose source differs from the previous one's (with many
 * clients, nearly every datagram), and that garbage is what paced the collector's pauses under relay load. Closed
 * by its listener's thread when its allocation ends, after that thread has handled what was already queued on it
 * (a Refresh then gets its 437); the listener then hears that client again. A datagram that arrives after that last
 * read and before the kernel lets the socket go is lost, as UDP may lose any (clients retransmit their requests): the
 * JDK frees a channel registered with a selector only at the start of that selector's next round. Not thread-safe
 * except {@link #release}: used on its listener's thread.
 * <p>
 * Opened as {@link ClientSocketMode} says, and only on Linux 6.13 or later, whose UDP lookup finds a connected socket
 * by its 4-tuple in one hash lookup. Older kernels compare every socket bound to the same address and port, so each
 * connected socket would add to the cost of every datagram the port receives.
 */
final class UdpClientSocket implements ClientLink {
    /** Receive and send buffer: about half a second of a 16 Mbit/s stream (the kernel takes what it uses). */
    private static final int BUFFER_BYTES = 1024 * 1024;
    private static final boolean SUPPORTED = DatagramChannels.onLinux()
            && kernelAtLeast(System.getProperty("os.version", ""), 6, 13);

    private final DatagramChannel channel;
    private final InetSocketAddress client;
    /** Hands the socket to its listener's thread for closing. */
    private final Consumer<UdpClientSocket> closer;
    private final ReadBudget reads = new ReadBudget();

    private UdpClientSocket(DatagramChannel channel, InetSocketAddress client, Consumer<UdpClientSocket> closer) {
        this.channel = channel;
        this.client = client;
        this.closer = closer;
    }

    /** Whether client sockets are opened here (Linux 6.13 or later); elsewhere the listener serves every client. */
    static boolean supported() {
        return SUPPORTED;
    }

    /** Whether a Linux {@code os.version} such as "6.18.44-fc" is at least {@code major.minor}. */
    static boolean kernelAtLeast(String version, int major, int minor) {
        Matcher numbers = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version);
        if (!numbers.find()) {
            return false;
        }
        int actualMajor = Integer.parseInt(numbers.group(1));
        return actualMajor > major || actualMajor == major && Integer.parseInt(numbers.group(2)) >= minor;
    }

    /**
     * A non-blocking socket on {@code listener}'s address and port, connected to {@code client}; {@code closer} takes
     * it when its allocation ends and closes it on the listener's thread.
     */
    static UdpClientSocket open(InetSocketAddress listener, InetSocketAddress client, Consumer<UdpClientSocket> closer)
            throws IOException {
        return connect(bind(listener), client, closer);
    }

    /** A socket bound beside the listener: until it is connected, the kernel may give it any client's datagram. */
    static DatagramChannel bind(InetSocketAddress listener) throws IOException {
        DatagramChannel channel = DatagramChannels.openFor(listener.getAddress());
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            // A client's burst waits here for its bandwidth limit, as it waited in the listener's 4 MiB before.
            channel.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
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
    static UdpClientSocket connect(DatagramChannel bound, InetSocketAddress client, Consumer<UdpClientSocket> closer)
            throws IOException {
        try {
            bound.connect(client);
            bound.configureBlocking(false);
            ByteBuffer discard = ByteBuffer.allocate(1);
            while (bound.receive(discard.clear()) != null) {
                // another client's datagram, from before the connect
            }
            return new UdpClientSocket(bound, client, closer);
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

    /** Its allocation has ended, on whatever thread: the listener's thread closes it (see the class). */
    @Override
    public void release() {
        closer.accept(this);
    }

    /**
     * Closes the channel; the kernel gives the client's datagrams to the listener once the selector's next round has
     * freed the socket.
     */
    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a datagram channel only fails if it is already closed
        }
    }
}
