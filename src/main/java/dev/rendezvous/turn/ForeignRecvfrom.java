package dev.rendezvous.turn;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

/**
 * The listener's socket read with {@code recvfrom(2)} called through the FFM API, Java 22 and later: a public API,
 * so this is the way wherever there is one ({@link NativeReceive}). {@code --enable-native-access=ALL-UNNAMED} keeps
 * the JVM from warning about the native call. The API is reached by reflection at start-up, so that this class
 * compiles and loads on Java 17; the per-datagram call is one {@code invokeExact} on a constant method handle, a
 * "critical" downcall (no thread-state transitions: right for a read that never blocks).
 */
final class ForeignRecvfrom extends NativeReceive {
    private static final int MSG_DONTWAIT = 0x40;
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
        RECVFROM = recvfrom;
        ALLOCATE = allocate;
        OF_BUFFER = ofBuffer;
        AS_BYTE_BUFFER = asByteBuffer;
        AUTO_ARENA = arena;
        UNAVAILABLE = unavailable;
    }

    private final int fd;
    private final long capacity;
    /** The native segments recvfrom writes to: the buffer's memory, the sender's sockaddr and its length. */
    private final Object intoSegment;
    private final Object senderSegment;
    private final Object lengthSegment;
    /** A view of the length, in the machine's byte order. */
    private final ByteBuffer length;

    private ForeignRecvfrom(int fd, ByteBuffer into, Object senderSegment) throws ReflectiveOperationException {
        super(into, ((ByteBuffer) AS_BYTE_BUFFER.invoke(senderSegment)).order(ByteOrder.nativeOrder()));
        this.fd = fd;
        this.capacity = into.capacity();
        this.senderSegment = senderSegment;
        intoSegment = OF_BUFFER.invoke(null, into.duplicate().clear());
        lengthSegment = ALLOCATE.invoke(AUTO_ARENA, 4L, 4L);
        length = ((ByteBuffer) AS_BYTE_BUFFER.invoke(lengthSegment)).order(ByteOrder.nativeOrder());
    }

    static ForeignRecvfrom on(DatagramChannel channel, ByteBuffer into) throws Unavailable {
        if (UNAVAILABLE != null) {
            throw new Unavailable(UNAVAILABLE);
        }
        int fd = (int) ofTheJdksChannel(channel, "getFDVal");
        try {
            return new ForeignRecvfrom(fd, into, ALLOCATE.invoke(AUTO_ARENA, (long) SOCKADDR_BYTES, 8L));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Unavailable("the FFM API could not be reached: " + e);
        }
    }

    @Override
    String how() {
        return "recvfrom through the FFM API";
    }

    @Override
    int read() {
        length.putInt(0, SOCKADDR_BYTES);
        try {
            return (int) (long) RECVFROM.invokeExact(fd, intoSegment, capacity, MSG_DONTWAIT, senderSegment, lengthSegment);
        } catch (Throwable e) {
            throw new IllegalStateException("recvfrom", e);
        }
    }
}
