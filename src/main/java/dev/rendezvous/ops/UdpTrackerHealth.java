package dev.rendezvous.ops;

import dev.rendezvous.tracker.udp.UdpTrackerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

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
                // one address, as the other checks write it; with several sockets, the list too
                List<String> addresses = udpTracker.addresses();
                response.withData("address", addresses.get(0));
                if (addresses.size() > 1) {
                    response.withData("addresses", String.join(", ", addresses));
                }
            }
            return response.build();
        };
    }
}
