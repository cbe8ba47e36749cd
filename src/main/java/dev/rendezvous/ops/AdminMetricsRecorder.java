package dev.rendezvous.ops;

import dev.rendezvous.admin.AdminMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The admin API's counters in MicroProfile Metrics. An enabled alternative to {@link UnpublishedAdminMetrics}, as
 * {@link TrackerMetricsRecorder} is to its own.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class AdminMetricsRecorder implements AdminMetrics {
    @Inject
    MetricRegistry registry;

    private Counter denied;
    private Counter dropped;

    @PostConstruct
    void register() {
        denied = registry.counter(Metadata.builder().withName("rendezvous.admin.access.denied")
                .withDescription("Requests to /admin refused for a missing or wrong token, or for too many of those").build());
        dropped = registry.counter(Metadata.builder().withName("rendezvous.admin.events.dropped")
                .withDescription("Admin events a slow subscriber lost").build());
    }

    @Override
    public void accessDenied() {
        denied.inc();
    }

    @Override
    public void eventsDropped(long count) {
        dropped.inc(count);
    }
}
