package dev.rendezvous.turn;

import java.nio.ByteBuffer;

/** The way back to a client: its listener socket and address (UDP), or its connection (TCP, TLS). */
@FunctionalInterface
public interface ClientLink {
    /** Sends one STUN message or ChannelData frame; never blocks on a slow client (drops instead). */
    void send(ByteBuffer message);

    /** The allocation that held this link has ended: a link with a socket of its own closes it. */
    default void release() {
    }
}
