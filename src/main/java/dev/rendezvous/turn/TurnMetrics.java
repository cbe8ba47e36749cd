package dev.rendezvous.turn;

import dev.rendezvous.auth.TurnAuthenticator;

/** What the STUN/TURN server counts. The server's implementation feeds MicroProfile Metrics. */
public interface TurnMetrics {
    void bindingRequest();

    void allocationCreated();

    void allocationExpired();

    void authFailure(TurnAuthenticator.Failure failure);

    void permissionDenied(PeerAddressPolicy.Denial denial);

    void quotaRejected();

    void relayedToPeer(int bytes);

    /** A packet dropped because its allocation was over its bandwidth limit. */
    void rateLimited();

    void relayedToClient(int bytes);
}
