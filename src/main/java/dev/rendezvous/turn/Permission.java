package dev.rendezvous.turn;

import java.net.InetAddress;

/** Lets traffic to and from one peer IP address through an allocation until it expires (300 s, refreshable). */
final class Permission {
    static final long LIFETIME_SECONDS = 300;

    final InetAddress address;
    volatile long expiresNanos;

    Permission(InetAddress address, long expiresNanos) {
        this.address = address;
        this.expiresNanos = expiresNanos;
    }
}
