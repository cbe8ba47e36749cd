package dev.rendezvous.turn;

import java.util.Arrays;

/**
 * Whether a UDP listener gives each allocation a socket of its own towards its client ({@link UdpClientSocket}), or
 * reads every client through its own one socket, as coturn does. Reading through one socket costs less CPU per
 * message under load and keeps the tail level with coturn's (docs/benchmarks-turn-loads.md), but one receive buffer
 * then holds every client's datagrams through a pause, and the JDK makes a sender address per datagram for the
 * collector. So {@link #AUTO} reads through one socket where the kernel grants the listener the buffer it asks for,
 * and gives each client its own (and its own buffer) where the kernel caps it (net.core.rmem_max, 208 KiB on many
 * distributions). Client sockets are opened only where {@link UdpClientSocket#supported()}.
 */
public enum ClientSocketMode {
    /** Client sockets only where the kernel caps the listener's receive buffer below what it asks for. */
    AUTO("auto"),
    /** Client sockets wherever the platform has them. */
    ALWAYS("true"),
    /** Every client through the listener's socket. */
    NEVER("false");

    private final String setting;

    ClientSocketMode(String setting) {
        this.setting = setting;
    }

    /** How {@code rendezvous.turn.udp-client-sockets} names this mode. */
    public String setting() {
        return setting;
    }

    /** Every value {@code udp-client-sockets} takes. */
    public static String[] settings() {
        return Arrays.stream(values()).map(ClientSocketMode::setting).toArray(String[]::new);
    }

    /** The mode a {@code udp-client-sockets} value names: one of {@link #settings()}. */
    public static ClientSocketMode of(String setting) {
        return Arrays.stream(values()).filter(mode -> mode.setting.equals(setting)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(setting));
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
