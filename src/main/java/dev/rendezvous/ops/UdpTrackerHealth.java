package dev.rendezvous.ops;

import dev.rendezvous.tracker.udp.UdpTrackerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the UDP tracker's sockets ({@code udp-tracker}): DOWN with the reason when one could not bind. */
@ApplicationScoped
public class UdpTrackerHealth {
    @Inject
    UdpTrackerService udpTracker;

    @Produces
    @Readiness
    HealthCheck udpTracker() {
        return () -> {
            String problem = udpTracker.problem();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("udp-tracker").status(problem == null);
            if (problem != null) {
                response.withData("problem", problem);
            } else if (!udpTracker.addresses().isEmpty()) { // empty while the UDP tracker is off
                response.withData("address", udpTracker.addresses());
            }
            return response.build();
        };
    }
}
