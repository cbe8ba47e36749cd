package dev.rendezvous.turn;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

/**
 * Reads a JDK datagram channel's socket with {@code recvfrom(2)} called through the FFM API (Java 22 and later), into
 * the caller's direct buffer and a sender address the server owns ({@link SenderAddresses}), so that a datagram costs
 * no garbage. The JDK's {@code DatagramChannel.receive} decodes a new sender address for every datagram whose source
 * differs from the previous one's, 120 bytes each on a listener that many clients share, and that garbage is what
 * paces the collector's pauses under relay load (docs/turn.md). The channel stays the JDK's: it is still opened,
 * bound, registered with the listener's selector and closed as before; only the read goes around it.
 * <p>
 * Linux only (the {@code sockaddr} layout decoded here), and only where the JVM lets the server see the socket's
 * descriptor: {@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED}, as the JVM options that {@code liberty:run}
 * writes have (docs/deployment.md). {@code --enable-native-access=ALL-UNNAMED} keeps the JVM from warning about the
 * native call. The API is reached by reflection at start-up, so that this class compiles and loads on Java 17; the
 * per-datagram call is one {@code invokeExact} on a constant method handle. Not thread-safe: one reader per channel,
 * on its listener's thread.
 */
final class NativeReceive {
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKADDR_STORAGE = 128;
    /** recvfrom(int, void *, size_t, int, struct sockaddr *, socklen_t *), its segments typed as Object. */
    private static final MethodHandle RECVFROM;
    private static final Method ALLOCATE;
    private static final Method OF_BUFFER;
    private static final Method AS_BYTE_BUFFER;
    private static final Object AUTO_ARENA;
    /** Why it cannot run here, or null when it can (the descriptor is checked per channel). */
    private static final String UNAVAILABLE;

    static {
        MethodHandle recvfrom = null;
        Method allocate = null;
        Method ofBuffer = null;
        Method asByteBuffer = null;
        Object arena = null;
        String unavailable = null;
        if (Runtime.version().feature() < 22) {
            unavailable = "Java " + Runtime.version().feature() + " has no FFM API, Java 22 and later have";
        } else if (!DatagramChannels.onLinux()) {
            unavailable = "not Linux";
        } else {
            try {
                Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
                Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
                Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
                Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
                Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
                Object linker = linkerType.getMethod("nativeLinker").invoke(null);
                Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
                Object symbol = ((Optional<?>) lookupType.getMethod("find", String.class).invoke(libc, "recvfrom"))
                        .orElseThrow(() -> new IllegalStateException("no recvfrom in the C library"));
                Object javaInt = valueLayoutType.getField("JAVA_INT").get(null);
                Object javaLong = valueLayoutType.getField("JAVA_LONG").get(null);
                Object address = valueLayoutType.getField("ADDRESS").get(null);
                Object arguments = Array.newInstance(layoutType, 6);
                Object[] argumentLayouts = {javaInt, address, javaLong, javaInt, address, address};
                for (int i = 0; i < argumentLayouts.length; i++) {
                    Array.set(arguments, i, argumentLayouts[i]);
                }
                Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                        .invoke(null, javaLong, arguments);
                // A critical call skips the thread-state transitions: right for a read that never blocks.
                Object options = Array.newInstance(optionType, 1);
                Array.set(options, 0, optionType.getMethod("critical", boolean.class).invoke(null, false));
                MethodHandle handle = (MethodHandle) linkerType
                        .getMethod("downcallHandle", segmentType, descriptorType, options.getClass())
                        .invoke(linker, symbol, descriptor, options);
                recvfrom = handle.asType(MethodType.methodType(long.class, int.class, Object.class, long.class,
                        int.class, Object.class, Object.class));
                allocate = arenaType.getMethod("allocate", long.class, long.class);
                ofBuffer = segmentType.getMethod("ofBuffer", Buffer.class);
                asByteBuffer = segmentType.getMethod("asByteBuffer");
                arena = arenaType.getMethod("ofAuto").invoke(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
                unavailable = "the FFM API could not be reached: " + cause;
            }
        }
        RECVFROM = recvfrom;
        ALLOCATE = allocate;
        OF_BUFFER = ofBuffer;
        AS_BYTE_BUFFER = asByteBuffer;
        AUTO_ARENA = arena;
        UNAVAILABLE = unavailable;
    }

    private final int fd;
    private final ByteBuffer into;
    private final long capacity;
    /** The native segments recvfrom writes to: {@link #into}'s memory, the sender's sockaddr and its length. */
    private final Object intoSegment;
    private final Object senderSegment;
    private final Object lengthSegment;
    /** Views of the last two, in the machine's byte order. */
    private final ByteBuffer sender;
    private final ByteBuffer length;
    private final SenderAddresses senders = new SenderAddresses();

    private NativeReceive(int fd, ByteBuffer into) throws ReflectiveOperationException {
        this.fd = fd;
        this.into = into;
        this.capacity = into.capacity();
        intoSegment = OF_BUFFER.invoke(null, into.duplicate().clear());
        senderSegment = ALLOCATE.invoke(AUTO_ARENA, (long) SOCKADDR_STORAGE, 8L);
        lengthSegment = ALLOCATE.invoke(AUTO_ARENA, 4L, 4L);
        sender = ((ByteBuffer) AS_BYTE_BUFFER.invoke(senderSegment)).order(ByteOrder.nativeOrder());
        length = ((ByteBuffer) AS_BYTE_BUFFER.invoke(lengthSegment)).order(ByteOrder.nativeOrder());
    }

    /** Why a socket cannot be read natively in this JVM (its message says, for the start-up line). */
    static final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why, null, false, false);
        }
    }

    /** A reader of {@code channel}'s socket into {@code into} (a direct buffer). */
    static NativeReceive on(DatagramChannel channel, ByteBuffer into) throws Unavailable {
        if (UNAVAILABLE != null) {
            throw new Unavailable(UNAVAILABLE);
        }
        if (!into.isDirect()) {
            throw new IllegalArgumentException("recvfrom reads into a direct buffer");
        }
        try {
            return new NativeReceive(descriptorOf(channel), into);
        } catch (IllegalAccessException e) {
            throw new Unavailable("the JVM hides the socket's descriptor: add --add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Unavailable("the socket's descriptor could not be read: " + e);
        }
    }

    /** The descriptor behind a JDK channel: {@code sun.nio.ch.SelChImpl.getFDVal()}, which the JDK's channels have. */
    private static int descriptorOf(DatagramChannel channel) throws ReflectiveOperationException {
        for (Class<?> type = channel.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> contract : type.getInterfaces()) {
                if (contract.getName().equals("sun.nio.ch.SelChImpl")) {
                    return (int) contract.getMethod("getFDVal").invoke(channel);
                }
            }
        }
        throw new NoSuchMethodException(channel.getClass() + " is not one of the JDK's selectable channels");
    }

    /**
     * Reads one datagram into the buffer, from 0 to its position, as {@code DatagramChannel.receive} would; returns
     * its sender, or null when none is waiting (or the socket failed: the read is non-blocking and the caller moves on).
     */
    InetSocketAddress receive() {
        length.putInt(0, SOCKADDR_STORAGE);
        long read;
        try {
            read = (long) RECVFROM.invokeExact(fd, intoSegment, capacity, MSG_DONTWAIT, senderSegment, lengthSegment);
        } catch (Throwable e) {
            throw new IllegalStateException("recvfrom", e);
        }
        if (read < 0) {
            return null;
        }
        into.clear().position((int) read);
        return senders.of(sender);
    }
}
