package dev.rendezvous.turn;

import java.net.InetSocketAddress;

/**
 * A channel number bound to one peer transport address (600 s, refreshable). Numbers 0x4000..0x7FFF are
 * accepted: RFC 8656 narrowed the range to 0x4FFF so that clients can tell ChannelData from DTLS and RTP, but
 * RFC 5766 clients (coturn's among them) still pick numbers up to 0x7FFF, and the wider range changes nothing
 * for the server's own demultiplexing (STUN starts 0b00, ChannelData 0b01).
 */
final class ChannelBinding {
    static final int MIN = 0x4000;
    static final int MAX = 0x7FFF;
    static final long LIFETIME_SECONDS = 600;

    final int number;
    final InetSocketAddress peer;
    volatile long expiresNanos;

    ChannelBinding(int number, InetSocketAddress peer, long expiresNanos) {
        this.number = number;
        this.peer = peer;
        this.expiresNanos = expiresNanos;
    }

    static boolean validNumber(int number) {
        return number >= MIN && number <= MAX;
    }
}
