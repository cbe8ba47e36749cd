package dev.rendezvous.turn;

import java.net.InetSocketAddress;

/** The client's transport address, the server's, and the transport: what identifies an allocation. */
public record FiveTuple(Transport transport, InetSocketAddress client, InetSocketAddress server) {

    /** The text nonces are bound to. */
    public String clientKey() {
        return transport.name().toLowerCase(java.util.Locale.ROOT) + "/" + client.getAddress().getHostAddress()
                + ":" + client.getPort();
    }
}
