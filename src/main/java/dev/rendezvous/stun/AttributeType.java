package dev.rendezvous.stun;

/** STUN and TURN attribute types (RFC 8489, 8656, 6062, 6156). */
public final class AttributeType {
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int CHANNEL_NUMBER = 0x000C;
    public static final int LIFETIME = 0x000D;
    public static final int XOR_PEER_ADDRESS = 0x0012;
    public static final int DATA = 0x0013;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    public static final int EVEN_PORT = 0x0018;
    public static final int REQUESTED_TRANSPORT = 0x0019;
    public static final int DONT_FRAGMENT = 0x001A;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int PASSWORD_ALGORITHM = 0x001D;
    public static final int USERHASH = 0x001E;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int RESERVATION_TOKEN = 0x0022;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int CONNECTION_ID = 0x002A;

    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    public static final int ADDRESS_ERROR_CODE = 0x8001;
    public static final int PASSWORD_ALGORITHMS = 0x8002;
    public static final int ALTERNATE_DOMAIN = 0x8003;
    public static final int ICMP = 0x8004;
    public static final int SOFTWARE = 0x8022;
    public static final int ALTERNATE_SERVER = 0x8023;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;
    public static final int RESPONSE_ORIGIN = 0x802B;
    public static final int OTHER_ADDRESS = 0x802C;

    private AttributeType() {
    }

    /** Types below 0x8000 must be understood; an unknown one fails a request with 420. */
    public static boolean comprehensionRequired(int type) {
        return type < 0x8000;
    }

    /**
     * Comprehension-required types the codec understands. DONT-FRAGMENT is left out: whether the server can honour
     * it depends on the Java runtime, which the TURN server decides.
     */
    public static boolean understood(int type) {
        return switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, CHANNEL_NUMBER, LIFETIME,
                    XOR_PEER_ADDRESS, DATA, REALM, NONCE, XOR_RELAYED_ADDRESS, REQUESTED_ADDRESS_FAMILY, EVEN_PORT,
                    REQUESTED_TRANSPORT, MESSAGE_INTEGRITY_SHA256, PASSWORD_ALGORITHM, USERHASH,
                    XOR_MAPPED_ADDRESS, RESERVATION_TOKEN, PRIORITY, USE_CANDIDATE, CONNECTION_ID -> true;
            default -> !comprehensionRequired(type);
        };
    }
}
