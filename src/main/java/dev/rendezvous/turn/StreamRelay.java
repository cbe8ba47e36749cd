package dev.rendezvous.turn;

import java.net.InetSocketAddress;

/** The RFC 6062 services of a TCP or TLS listener, offered to the requests that arrive on one client connection. */
interface StreamRelay {
    /** Starts accepting peers' connections on the relayed address of a TCP allocation just made on this connection. */
    void listen(Allocation allocation);

    /**
     * Opens a connection from the allocation's relayed address to {@code peer}; the Connect response goes out once
     * the connection succeeds or fails.
     *
     * @return 0 when under way, else the error code to answer now (446, 447 or 508)
     */
    int connect(Allocation allocation, InetSocketAddress peer, DeferredResponse response);

    /**
     * Makes this connection the client data connection of the peer data connection {@code connectionId}.
     *
     * @return 0, or 400 when no peer connection with that id awaits a ConnectionBind from {@code user}
     */
    int bind(int connectionId, String user);
}
