package dev.rendezvous.turn;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;

/**
 * The listener's socket read with the JDK's own native read, {@code sun.nio.ch.DatagramChannelImpl.receive0}: the
 * {@code recvfrom(2)} call behind {@code DatagramChannel.receive}, called directly, so that the JDK decodes no
 * sender address ({@link NativeReceive}). For Java 17 to 21, which have no FFM API. The method is private to the
 * JDK, hence {@code --add-opens}; it is the same, {@code receive0(FileDescriptor, long, int, long, boolean)}, from
 * Java 17 to 25, and where a JDK has it otherwise the lookup at start-up fails and the listener says so and reads with
 * the JDK's receive.
 */
final class JdkReceive0 extends NativeReceive {
    /** receive0(fd, buffer address, length, sender sockaddr address, connected): bytes read, or a negative IOStatus. */
    private static final MethodHandle RECEIVE0;
    /** sun.nio.ch.DirectBuffer.address(): where a direct buffer's memory starts. */
    private static final MethodHandle ADDRESS;
    /** Why it cannot run here, or null when it can. */
    private static final String UNAVAILABLE_BECAUSE;

    static {
        MethodHandle receive0 = null;
        MethodHandle address = null;
        String unavailable = null;
        try {
            Class<?> channelImpl = Class.forName("sun.nio.ch.DatagramChannelImpl");
            Class<?> directBuffer = Class.forName("sun.nio.ch.DirectBuffer");
            MethodHandles.Lookup inside = MethodHandles.privateLookupIn(channelImpl, MethodHandles.lookup());
            receive0 = inside.findStatic(channelImpl, "receive0", MethodType.methodType(int.class, FileDescriptor.class,
                    long.class, int.class, long.class, boolean.class));
            address = inside.findVirtual(directBuffer, "address", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, ByteBuffer.class));
        } catch (IllegalAccessException e) {
            unavailable = "the JVM does not open the JDK's socket channels to the server: add " + OPENS;
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = "this JDK's datagram channel has no receive0(FileDescriptor, long, int, long, boolean): " + e;
        }
        RECEIVE0 = receive0;
        ADDRESS = address;
        UNAVAILABLE_BECAUSE = unavailable;
    }

    private final FileDescriptor fd;
    private final long intoAddress;
    private final int capacity;
    private final long senderAddress;

    private JdkReceive0(FileDescriptor fd, ByteBuffer into, ByteBuffer sender) throws Throwable {
        super(into, sender);
        this.fd = fd;
        this.intoAddress = (long) ADDRESS.invokeExact(into);
        this.capacity = into.capacity();
        this.senderAddress = (long) ADDRESS.invokeExact(sender);
    }

    static JdkReceive0 on(DatagramChannel channel, ByteBuffer into) throws Unavailable {
        if (UNAVAILABLE_BECAUSE != null) {
            throw new Unavailable(UNAVAILABLE_BECAUSE);
        }
        FileDescriptor fd = (FileDescriptor) ofTheJdksChannel(channel, "getFD");
        try {
            return new JdkReceive0(fd, into, ByteBuffer.allocateDirect(SOCKADDR_BYTES).order(ByteOrder.nativeOrder()));
        } catch (Throwable e) {
            throw new Unavailable("the buffers' addresses could not be read: " + e);
        }
    }

    @Override
    String how() {
        return "the JDK's own recvfrom (DatagramChannelImpl.receive0)";
    }

    @Override
    int read() {
        try {
            return (int) RECEIVE0.invokeExact(fd, intoAddress, capacity, senderAddress, false);
        } catch (IOException e) {
            return -1; // as the FFM read does with an error: the read is non-blocking and the loop moves on
        } catch (Throwable e) {
            throw new IllegalStateException("receive0", e);
        }
    }
}
