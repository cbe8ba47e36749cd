package dev.rendezvous.ops;

import dev.rendezvous.tracker.http.HttpRefusal;
import dev.rendezvous.tracker.http.HttpTrackerMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/** The HTTP tracker's metrics on a server without MicroProfile Metrics (WildFly 39): not kept. */
@ApplicationScoped
public class UnpublishedHttpTrackerMetrics implements HttpTrackerMetrics {

    @Override
    public void refused(HttpRefusal reason) {
    }
}
