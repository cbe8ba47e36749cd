package dev.rendezvous.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** A listener's way back to the clients it hears from. */
public interface Responder {
    /** Sends a response to {@code client}; never blocks on a slow client (drops instead). */
    void send(InetSocketAddress client, ByteBuffer message);

    /** A lasting link to {@code client}, kept by its allocation for data from peers. */
    ClientLink linkTo(InetSocketAddress client);

    /** Reads the allocation's UDP relay sockets on this listener's thread from now on (the Allocate's thread). */
    void watchRelays(Allocation allocation);

    /** The RFC 6062 services of the client's connection; null on UDP, which cannot carry TCP allocations. */
    default StreamRelay stream() {
        return null;
    }
}
