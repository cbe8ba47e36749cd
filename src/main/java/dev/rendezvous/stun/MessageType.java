package dev.rendezvous.stun;

/**
 * STUN message types (RFC 8489 section 5): a 12-bit method and a 2-bit class interleaved in 14 bits.
 * Methods and classes are plain ints so that the packet path compares numbers, not objects.
 */
public final class MessageType {
    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;
    public static final int CONNECT = 0x00A;
    public static final int CONNECTION_BIND = 0x00B;
    public static final int CONNECTION_ATTEMPT = 0x00C;

    public static final int REQUEST = 0b00;
    public static final int INDICATION = 0b01;
    public static final int SUCCESS = 0b10;
    public static final int ERROR = 0b11;

    private MessageType() {
    }

    public static int of(int method, int messageClass) {
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((messageClass & 0b01) << 4) | ((messageClass & 0b10) << 7);
    }

    public static int method(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    public static int messageClass(int type) {
        return ((type >> 4) & 0b01) | ((type >> 7) & 0b10);
    }

    /** The success or error response type answering a request of {@code type}. */
    public static int response(int type, boolean success) {
        return of(method(type), success ? SUCCESS : ERROR);
    }
}
