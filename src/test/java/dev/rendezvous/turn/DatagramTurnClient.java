package dev.rendezvous.turn;

import dev.rendezvous.stun.StunReader;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The tests' STUN/TURN client over UDP. It retransmits a request as RFC 8489 clients do (RTO 500 ms, doubled each
 * time) until its answer comes or {@link #PATIENCE_MILLIS} have passed. UDP may lose any datagram, and the server
 * does lose one that reaches an allocation's client socket after the listener has drained it and before the kernel
 * has let that socket go ({@link UdpClientSocket}): a client that never retransmits fails at random.
 */
public class DatagramTurnClient extends StunTestClient {
    private static final long PATIENCE_MILLIS = 3500;
    private static final long FIRST_RTO_MILLIS = 500;
    private static final int RECEIVE_TIMEOUT_MILLIS = 2000;

    protected final DatagramSocket socket;
    private final InetSocketAddress server;

    /** A client of the server at {@code server}, from an ephemeral port of {@code local}. */
    public DatagramTurnClient(InetSocketAddress server, InetAddress local) throws IOException {
        this.server = server;
        socket = new DatagramSocket(new InetSocketAddress(local, 0));
        socket.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
    }

    @Override
    protected Reply exchange(byte[] message, byte[] transactionId) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MILLIS);
        for (long rto = FIRST_RTO_MILLIS; System.nanoTime() < deadline; rto *= 2) {
            sendRaw(message);
            Reply reply = answer(transactionId, Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rto), deadline));
            if (reply != null) {
                return reply;
            }
        }
        throw new SocketTimeoutException("no answer to transaction " + HexFormat.of().formatHex(transactionId)
                + " in " + PATIENCE_MILLIS + " ms, with retransmissions");
    }

    /**
     * The answer to {@code transactionId} that arrives before {@code untilNanos} ({@link System#nanoTime}), or null.
     * Anything else that arrives meanwhile (a second answer to a retransmitted request, relayed data) is passed over.
     */
    private Reply answer(byte[] transactionId, long untilNanos) throws IOException {
        for (long left; (left = untilNanos - System.nanoTime()) > 0; ) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            byte[] bytes;
            try {
                bytes = receiveRaw();
            } finally {
                socket.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
            }
            if (bytes == null) {
                return null;
            }
            Reply reply = stun(bytes);
            if (reply != null && Arrays.equals(reply.reader().transactionId(), transactionId)) {
                return reply;
            }
        }
        return null;
    }

    public void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    public void channelData(int channel, byte[] data) throws IOException {
        sendRaw(channelDataFrame(channel, data));
    }

    /** The next datagram from the server; throws {@link SocketTimeoutException} after 2 s without one. */
    public DatagramPacket receivePacket() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535); // a packet of its own: a reused one truncates
        socket.receive(packet);
        return packet;
    }

    /** The next datagram from the server as raw bytes, or null after 2 s without one. */
    public byte[] receiveRaw() throws IOException {
        try {
            DatagramPacket packet = receivePacket();
            return Arrays.copyOf(packet.getData(), packet.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** The next datagram from the server if it is a STUN message, or null (after 2 s without one, or not STUN). */
    public Reply receive() throws IOException {
        byte[] bytes = receiveRaw();
        return bytes == null ? null : stun(bytes);
    }

    private static Reply stun(byte[] bytes) {
        StunReader reader = new StunReader();
        return reader.read(bytes, 0, bytes.length) == StunReader.Result.OK ? new Reply(bytes, reader) : null;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
