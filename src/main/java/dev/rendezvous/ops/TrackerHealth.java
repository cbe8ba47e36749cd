package dev.rendezvous.ops;

import dev.rendezvous.tracker.Protocol;
import dev.rendezvous.tracker.TrackerMaintenance;
import dev.rendezvous.tracker.TrackerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * Health of the tracker, one check per question, each with its own name (the three answers appear side by side in
 * {@code /health}): {@code tracker-started} once its timer is scheduled; {@code tracker-maintenance} live while that
 * timer keeps ticking (a wedged maintenance loop would let dead peers pile up); {@code tracker} ready when started
 * and live, and not draining, reporting its load.
 */
@ApplicationScoped
public class TrackerHealth {
    private static final String NAME = "tracker";

    @Inject
    TrackerMaintenance maintenance;
    @Inject
    TrackerService tracker;

    @Produces
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named(NAME + "-started").status(maintenance.started()).build();
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named(NAME + "-maintenance")
                .status(maintenance.alive(System.nanoTime()))
                .build();
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> HealthCheckResponse.named(NAME)
                .status(maintenance.started() && maintenance.alive(System.nanoTime()) && !tracker.draining())
                .withData("draining", tracker.draining())
                .withData("sockets", tracker.sockets().size())
                .withData("rooms", tracker.registry().roomCount())
                .withData("peers_websocket", tracker.registry().peerCount(Protocol.WEBSOCKET))
                .withData("peers_http", tracker.registry().peerCount(Protocol.HTTP))
                .withData("peers_udp", tracker.registry().peerCount(Protocol.UDP))
                .build();
    }
}
