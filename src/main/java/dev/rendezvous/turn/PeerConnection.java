package dev.rendezvous.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A TCP connection between a TCP allocation's relayed address and a peer (RFC 6062), owned by one listener thread. */
final class PeerConnection {
    enum State { CONNECTING, AWAITING_BIND, BOUND }

    final SocketChannel channel;
    final Allocation allocation;
    final InetSocketAddress peer;
    SelectionKey key;
    State state;
    /** The CONNECTION-ID, once the connection is established. */
    int id;
    long deadlineNanos;
    /** The Connect request still to be answered, and the control connection to answer on (outgoing connections). */
    DeferredResponse response;
    ClientLink control;
    /** The client data connection, once bound, and what the peer sent that the client has not taken yet. */
    StreamConnection client;
    ByteBuffer toClient;
    boolean peerClosed;
    boolean closed;

    PeerConnection(SocketChannel channel, Allocation allocation, InetSocketAddress peer, State state) {
        this.channel = channel;
        this.allocation = allocation;
        this.peer = peer;
        this.state = state;
    }
}
