package dev.rendezvous.ops;

import dev.rendezvous.tracker.http.HttpRefusal;
import dev.rendezvous.tracker.http.HttpTrackerMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.EnumMap;
import java.util.Map;

/**
 * The HTTP tracker's refusals in MicroProfile Metrics: {@code rendezvous_tracker_http_refusals_total{reason=...}}.
 * An enabled alternative to {@link UnpublishedHttpTrackerMetrics}, chosen the way {@link TrackerMetricsRecorder} is.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class HttpTrackerMetricsRecorder implements HttpTrackerMetrics {
    @Inject
    MetricRegistry registry;

    private final Map<HttpRefusal, Counter> refusals = new EnumMap<>(HttpRefusal.class);

    @PostConstruct
    void register() {
        for (HttpRefusal reason : HttpRefusal.values()) {
            refusals.put(reason, registry.counter(Metadata.builder()
                    .withName("rendezvous.tracker.http.refusals")
                    .withDescription("HTTP tracker requests refused before they reached the swarms, by reason")
                    .build(), new Tag("reason", reason.tag())));
        }
    }

    @Override
    public void refused(HttpRefusal reason) {
        refusals.get(reason).inc();
    }
}
