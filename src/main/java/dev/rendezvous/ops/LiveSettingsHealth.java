package dev.rendezvous.ops;

import dev.rendezvous.config.ReloadService;
import dev.rendezvous.config.ReloadStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The last reload of the live settings, in {@code /health}: always up (a refused reload leaves the running settings
 * serving), with its time, outcome, message and the keys that wait for a restart in the check's data.
 */
@ApplicationScoped
public class LiveSettingsHealth {
    @Inject
    ReloadService reloads;

    @Produces
    @Liveness
    HealthCheck lastReload() {
        return () -> {
            ReloadStatus last = reloads.lastReload();
            return HealthCheckResponse.named("settings").up()
                    .withData("last-reload", last.time().toString())
                    .withData("outcome", last.applied() ? "applied" : "refused")
                    .withData("message", last.message())
                    .withData("pending-restart", String.join(",", last.pendingRestart()))
                    .build();
        };
    }
}
