package dev.rendezvous.ops;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.config.ReloadStatus;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.Locale;

/**
 * Reloads and abuse-limit hits in MicroProfile Metrics: {@code rendezvous_settings_reloads_total{outcome}} and
 * {@code rendezvous_limits_hits_total{limit,action}}. Neither is on a per-frame path (a socket's limit is hit once
 * before it is refused, once more when it is closed), so counters are looked up per event.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class LiveMetricsRecorder implements LiveMetrics {
    private static final Metadata RELOADS = Metadata.builder().withName("rendezvous.settings.reloads")
            .withDescription("Reloads of the live settings, by outcome (applied or refused)").build();
    private static final Metadata HITS = Metadata.builder().withName("rendezvous.limits.hits")
            .withDescription("Times an abuse limit stopped a client, by limit (its key) and action").build();

    @Inject
    MetricRegistry registry;

    @Override
    public void reloaded(ReloadStatus status) {
        registry.counter(RELOADS, new Tag("outcome", status.outcome().name().toLowerCase(Locale.ROOT))).inc();
    }

    @Override
    public void limited(LimitHit hit) {
        registry.counter(HITS, new Tag("limit", hit.limit()), new Tag("action", hit.action())).inc();
    }
}
