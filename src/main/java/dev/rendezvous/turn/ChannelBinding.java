package dev.rendezvous.turn;

import java.net.InetSocketAddress;

/** A channel number (0x4000..0x4FFF) bound to one peer transport address (600 s, refreshable). */
final class ChannelBinding {
    static final int MIN = 0x4000;
    static final int MAX = 0x4FFF;
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
