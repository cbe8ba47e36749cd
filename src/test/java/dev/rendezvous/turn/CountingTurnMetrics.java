package dev.rendezvous.turn;

import dev.rendezvous.auth.TurnAuthenticator;

/** The TURN counters as plain fields, for assertions. */
final class CountingTurnMetrics implements TurnMetrics {
    int bindings, created, expired, authFailures, denials, quota, toPeer, toClient, rateLimited;
    long bytesToPeer, bytesToClient;

    @Override public void bindingRequest() { bindings++; }
    @Override public void allocationCreated() { created++; }
    @Override public void allocationExpired() { expired++; }
    @Override public void authFailure(TurnAuthenticator.Failure failure) { authFailures++; }
    @Override public void permissionDenied(PeerAddressPolicy.Denial denial) { denials++; }
    @Override public void quotaRejected() { quota++; }
    @Override public void relayedToPeer(long packets, long bytes) { toPeer += packets; bytesToPeer += bytes; }
    @Override public void relayedToClient(long packets, long bytes) { toClient += packets; bytesToClient += bytes; }
    @Override public void rateLimited() { rateLimited++; }
}
