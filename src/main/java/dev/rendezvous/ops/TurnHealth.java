package dev.rendezvous.ops;

import dev.rendezvous.turn.TurnService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the STUN/TURN listeners: each one reported, DOWN with the reason when it could not bind. */
@ApplicationScoped
public class TurnHealth {
    @Inject
    TurnService turn;

    @Produces
    @Readiness
    HealthCheck tlsListener() {
        return () -> {
            String problem = turn.tlsProblem();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("turn-tls").status(problem == null);
            if (problem != null) {
                response.withData("problem", problem);
            }
            return response.build();
        };
    }

    @Produces
    @Readiness
    HealthCheck tcpListener() {
        return () -> {
            String problem = turn.tcpProblem();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("turn-tcp").status(problem == null);
            if (problem != null) {
                response.withData("problem", problem);
            }
            return response.build();
        };
    }

    @Produces
    @Readiness
    HealthCheck udpListener() {
        return () -> {
            String problem = turn.udpProblem();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("turn-udp").status(problem == null);
            if (problem != null) {
                response.withData("problem", problem);
            } else if (turn.udpAddress() != null) {
                response.withData("address", turn.udpAddress().toString()).withData("allocations", turn.allocationCount());
            }
            return response.build();
        };
    }
}
