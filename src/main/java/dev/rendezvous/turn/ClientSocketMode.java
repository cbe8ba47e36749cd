package dev.rendezvous.turn;

/**
 * Whether a UDP listener gives each allocation a socket of its own towards its client ({@link UdpClientSocket}), or
 * reads every client through its own one socket, as coturn does. Reading through one socket costs less CPU per
 * message and holds the shorter tail under load (docs/benchmarks-turn-loads.md), but one receive buffer then holds
 * every client's datagrams through a pause, and the JDK makes a sender address per datagram for the collector. So
 * {@link #AUTO} reads through one socket where the kernel grants the listener the buffer it asks for, and gives
 * each client its own (and its own buffer) where the kernel caps it (net.core.rmem_max, 208 KiB on many
 * distributions). Client sockets are opened only where {@link UdpClientSocket#supported()}.
 */
public enum ClientSocketMode {
    /** Client sockets only where the kernel caps the listener's receive buffer below what it asks for. */
    AUTO,
    /** Client sockets wherever the platform has them. */
    ALWAYS,
    /** Every client through the listener's socket. */
    NEVER;

    /** The mode a {@code udp-client-sockets} value names: {@code auto}, {@code true} or {@code false}. */
    public static ClientSocketMode of(String value) {
        return switch (value) {
            case "auto" -> AUTO;
            case "true" -> ALWAYS;
            case "false" -> NEVER;
            default -> throw new IllegalArgumentException(value);
        };
    }

    /**
     * Whether a listener that asked for {@code askedReceiveBuffer} bytes of receive buffer and was granted
     * {@code grantedReceiveBuffer} opens client sockets, where {@code platformHasThem}.
     */
    boolean opensClientSockets(int grantedReceiveBuffer, int askedReceiveBuffer, boolean platformHasThem) {
        return platformHasThem && switch (this) {
            case AUTO -> grantedReceiveBuffer < askedReceiveBuffer;
            case ALWAYS -> true;
            case NEVER -> false;
        };
    }
}
