package dev.rendezvous.ops;

import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.turn.PeerAddressPolicy;
import dev.rendezvous.turn.TurnMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The STUN/TURN server's metrics on a server without MicroProfile Metrics (WildFly 39), where
 * {@link TurnMetricsRecorder} cannot load and CDI picks this bean instead: with no registry to publish to,
 * nothing is kept.
 */
@ApplicationScoped
public class UnpublishedTurnMetrics implements TurnMetrics {
    @Override
    public void bindingRequest() {
    }

    @Override
    public void allocationCreated() {
    }

    @Override
    public void allocationExpired() {
    }

    @Override
    public void authFailure(TurnAuthenticator.Failure failure) {
    }

    @Override
    public void permissionDenied(PeerAddressPolicy.Denial denial) {
    }

    @Override
    public void quotaRejected() {
    }

    @Override
    public void relayedToPeer(long packets, long bytes) {
    }

    @Override
    public void rateLimited() {
    }

    @Override
    public void relayedToClient(long packets, long bytes) {
    }
}
