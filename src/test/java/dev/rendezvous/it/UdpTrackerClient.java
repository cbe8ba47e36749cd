package dev.rendezvous.it;

import dev.rendezvous.tracker.udp.Bep15;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * A raw BEP 15 client on its own UDP socket (127.0.0.1 or ::1): sends single packets and reads single answers,
 * so that tests see exactly what a stranger's client would.
 */
final class UdpTrackerClient implements AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress tracker;

    UdpTrackerClient(InetSocketAddress tracker) throws IOException {
        this(tracker, tracker.getAddress() instanceof java.net.Inet6Address ? InetAddress.getByName("::1")
                : InetAddress.getByName("127.0.0.1"));
    }

    /** A client whose packets come from {@code local} (another loopback address, 127.0.0.2, is another client). */
    UdpTrackerClient(InetSocketAddress tracker, InetAddress local) throws IOException {
        this.tracker = tracker;
        channel = DatagramChannel.open().bind(new InetSocketAddress(local, 0));
    }

    static UdpTrackerClient ipv4(int port) throws IOException {
        return new UdpTrackerClient(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    }

    static UdpTrackerClient ipv6(int port) throws IOException {
        return new UdpTrackerClient(new InetSocketAddress(InetAddress.getByName("::1"), port));
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    void send(byte[] packet) throws IOException {
        channel.send(ByteBuffer.wrap(packet), tracker);
    }

    /** The next answer within {@code timeout}, or empty. */
    Optional<Bep15.Answer> receive(Duration timeout) throws IOException {
        channel.socket().setSoTimeout((int) timeout.toMillis());
        byte[] buffer = new byte[65_536];
        java.net.DatagramPacket datagram = new java.net.DatagramPacket(buffer, buffer.length);
        try {
            channel.socket().receive(datagram);
        } catch (SocketTimeoutException none) {
            return Optional.empty();
        }
        return Optional.of(Bep15.Answer.of(ByteBuffer.wrap(buffer, 0, datagram.getLength())));
    }

    /** Sends {@code packet} and returns its answer; fails when none comes within 5 s. */
    Bep15.Answer exchange(byte[] packet) throws IOException {
        send(packet);
        return receive(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no answer from " + tracker));
    }

    /** Asserts that {@code packet} gets no answer within {@code wait}. */
    void expectSilence(byte[] packet, Duration wait) throws IOException {
        send(packet);
        Optional<Bep15.Answer> answer = receive(wait);
        if (answer.isPresent()) {
            throw new AssertionError("an answer where none was expected: action " + answer.get().action()
                    + ", " + answer.get().length() + " bytes");
        }
    }

    /** A fresh connection id. */
    long connect() throws IOException {
        Bep15.Answer answer = exchange(Bep15.connect(0xC0FFEE));
        if (answer.action() != 0 || answer.transactionId() != 0xC0FFEE || answer.length() != 16) {
            throw new AssertionError("not a connect answer: action " + answer.action() + ", " + answer.length() + " bytes");
        }
        return answer.connectionId();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
