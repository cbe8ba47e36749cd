package dev.rendezvous.turn;

import java.net.InetSocketAddress;

/** The client's transport address, the server's, and the transport: what identifies an allocation. */
public record FiveTuple(Transport transport, InetSocketAddress client, InetSocketAddress server) {

    /**
     * What nonces and the authentication-failure limit are bound to: the client's IP address, on any transport and
     * port. Not the port, because an RFC 6062 ConnectionBind arrives on a new connection, from a new port, with the
     * nonce its control connection was given.
     */
    public String clientKey() {
        return client.getAddress().getHostAddress();
    }
}
