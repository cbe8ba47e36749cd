package dev.rendezvous.ops;

import dev.rendezvous.tracker.ClusterStatus;
import dev.rendezvous.tracker.ClusterView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The {@code cluster} readiness check. A cluster node is not ready until its first heartbeat has tried Redis
 * ({@code state: starting}), so that a balancer does not send clients to a node that has not joined yet. After that
 * it stays ready: a node that cannot reach Redis still serves its own sockets (taking it out of the balancer would
 * help no one) and says so, {@code state} being {@code connected} or {@code degraded}, with the live nodes as this
 * node last saw them. A single node reports {@code single node}.
 */
@ApplicationScoped
public class ClusterHealth {
    @Inject
    ClusterView cluster;

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            var builder = HealthCheckResponse.named("cluster").up();
            cluster.status().ifPresentOrElse(status -> describe(builder, status), () -> builder.withData("state", "single node"));
            return builder.build();
        };
    }

    private static void describe(org.eclipse.microprofile.health.HealthCheckResponseBuilder builder, ClusterStatus status) {
        if (!status.started()) {
            builder.down().withData("state", "starting").withData("node", status.node());
            return;
        }
        builder.withData("state", status.engineUp() ? "connected" : "degraded")
                .withData("engine", status.engineUp() ? "up" : "unreachable: serving this node's peers only")
                .withData("node", status.node())
                .withData("nodes", status.liveNodes().size())
                .withData("liveNodes", String.join(",", status.liveNodes()));
    }
}
