package dev.rendezvous.turn;

import dev.rendezvous.auth.TurnAuthenticator;

/** What the STUN/TURN server counts. The server's implementation feeds MicroProfile Metrics where the server has it. */
public interface TurnMetrics {
    void bindingRequest();

    void allocationCreated();

    void allocationExpired();

    void authFailure(TurnAuthenticator.Failure failure);

    void permissionDenied(PeerAddressPolicy.Denial denial);

    void quotaRejected();

    /** Packets (or, on TCP relays, reads) relayed from clients to peers, and their payload bytes. */
    void relayedToPeer(long packets, long bytes);

    /** A packet dropped because its allocation was over its bandwidth limit. */
    void rateLimited();

    /** Packets (or, on TCP relays, reads) relayed from peers to clients, and their payload bytes. */
    void relayedToClient(long packets, long bytes);
}
