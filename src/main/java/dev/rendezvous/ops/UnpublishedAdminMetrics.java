package dev.rendezvous.ops;

import dev.rendezvous.admin.AdminMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/** The admin API's metrics on a server without MicroProfile Metrics (WildFly 39): not kept. */
@ApplicationScoped
public class UnpublishedAdminMetrics implements AdminMetrics {
    @Override
    public void accessDenied() {
    }

    @Override
    public void eventsDropped(long count) {
    }
}
