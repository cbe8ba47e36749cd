package dev.rendezvous.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Reads a JDK datagram channel's socket into the caller's direct buffer and a sender address the server owns
 * ({@link SenderAddresses}), so that a datagram costs no garbage. The JDK's {@code DatagramChannel.receive} decodes a
 * new sender address for every datagram whose source differs from the previous one's, 120 bytes each on a listener
 * that many clients share, and that garbage is what paces the collector's pauses under relay load (docs/turn.md).
 * The channel stays the JDK's: it is still opened, bound, registered with the listener's selector and closed as
 * before; only the read goes around it, non-blocking, on the listener's thread.
 * <p>
 * Two ways, by the Java version: {@link ForeignRecvfrom}, {@code recvfrom(2)} through the FFM API (Java 22 and
 * later), and {@link JdkReceive0}, the JDK's own native read without its decoding (Java 17 to 21). Both are Linux
 * only (the {@code sockaddr} layout decoded here), and both need the JVM to open {@code sun.nio.ch} to the server:
 * {@code --add-opens=java.base/sun.nio.ch=ALL-UNNAMED}, as the JVM options that {@code liberty:run} writes have
 * (docs/deployment.md). Not thread-safe: one reader per channel.
 */
abstract sealed class NativeReceive permits ForeignRecvfrom, JdkReceive0 {
    /** The JVM option both ways need. */
    static final String OPENS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Room for any sockaddr (a sockaddr_storage). */
    static final int SOCKADDR_BYTES = 128;

    private final ByteBuffer into;
    /** The sender's sockaddr as the read wrote it, in the machine's byte order. */
    private final ByteBuffer sender;
    private final SenderAddresses senders = new SenderAddresses();

    NativeReceive(ByteBuffer into, ByteBuffer sender) {
        this.into = into;
        this.sender = sender;
    }

    /** Why a socket cannot be read natively in this JVM (its message says, for the start-up line). */
    static final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why, null, false, false);
        }
    }

    /** A reader of {@code channel}'s socket into {@code into} (a direct buffer), the way this JVM allows. */
    static NativeReceive on(DatagramChannel channel, ByteBuffer into) throws Unavailable {
        if (!DatagramChannels.onLinux()) {
            throw new Unavailable("not Linux");
        }
        if (!into.isDirect()) {
            throw new IllegalArgumentException("the native read is into a direct buffer");
        }
        return Runtime.version().feature() >= 22 ? ForeignRecvfrom.on(channel, into) : JdkReceive0.on(channel, into);
    }

    /** What reads the socket, for the start-up line ("recvfrom through the FFM API"). */
    abstract String how();

    /** Reads one datagram into {@link #into}'s memory from 0 and its sender into {@link #sender}; negative: none. */
    abstract int read();

    /**
     * Reads one datagram into the buffer, from 0 to its position, as {@code DatagramChannel.receive} would; returns
     * its sender, or null when none is waiting (or the socket failed: the read is non-blocking and the caller moves on).
     */
    final InetSocketAddress receive() {
        int read = read();
        if (read < 0) {
            return null;
        }
        into.clear().position(read);
        return senders.of(sender);
    }

    /** {@code method} of {@code sun.nio.ch.SelChImpl}, which the JDK's selectable channels implement, on {@code channel}. */
    static Object ofTheJdksChannel(DatagramChannel channel, String method) throws Unavailable {
        try {
            for (Class<?> type = channel.getClass(); type != null; type = type.getSuperclass()) {
                for (Class<?> contract : type.getInterfaces()) {
                    if (contract.getName().equals("sun.nio.ch.SelChImpl")) {
                        return contract.getMethod(method).invoke(channel);
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new Unavailable("the JVM hides the socket's descriptor: add " + OPENS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Unavailable("the socket's descriptor could not be read: " + e);
        }
        throw new Unavailable(channel.getClass() + " is not one of the JDK's selectable channels");
    }
}
