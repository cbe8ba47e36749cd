package dev.rendezvous.ops;

import dev.rendezvous.turn.AddressText;
import dev.rendezvous.turn.TurnService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** Readiness of the STUN/TURN listeners: each one reported, DOWN with the reason when it could not start. */
@ApplicationScoped
public class TurnHealth {
    @Inject
    TurnService turn;

    @Produces
    @Readiness
    HealthCheck udpListener() {
        return listener("turn-udp", turn::udpProblem, up -> {
            if (turn.udpAddress() != null) { // null while TURN is off
                up.withData("address", AddressText.hostPort(turn.udpAddress()));
            }
            up.withData("allocations", turn.allocationCount());
        });
    }

    @Produces
    @Readiness
    HealthCheck tcpListener() {
        return listener("turn-tcp", turn::tcpProblem, up -> { });
    }

    @Produces
    @Readiness
    HealthCheck tlsListener() {
        return listener("turn-tls", turn::tlsProblem, up -> { });
    }

    /** UP with {@code details} while {@code problem} is null, else DOWN saying why. */
    private static HealthCheck listener(String name, Supplier<String> problem, Consumer<HealthCheckResponseBuilder> details) {
        return () -> {
            String reason = problem.get();
            HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(reason == null);
            if (reason != null) {
                response.withData("problem", reason);
            } else {
                details.accept(response);
            }
            return response.build();
        };
    }
}
