package dev.rendezvous.ops;

import dev.rendezvous.cluster.ClusterMetrics;
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
 * Cluster mode's counters in MicroProfile Metrics. Like {@link TrackerMetricsRecorder}, an enabled alternative to
 * {@link UnpublishedClusterMetrics} that wins wherever MicroProfile Metrics lets it load.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class ClusterMetricsRecorder implements ClusterMetrics {
    @Inject
    MetricRegistry registry;

    private Counter sent;
    private Counter received;
    private final Map<Drop, Counter> dropped = new EnumMap<>(Drop.class);

    @PostConstruct
    void register() {
        sent = counter("rendezvous.cluster.messages.sent", "Offers and answers handed to other nodes");
        received = counter("rendezvous.cluster.messages.received", "Offers and answers other nodes handed to this one");
        for (Drop reason : Drop.values()) {
            dropped.put(reason, registry.counter(Metadata.builder()
                    .withName("rendezvous.cluster.messages.dropped")
                    .withDescription("Offers and answers that crossed no node, by reason")
                    .build(), new Tag("reason", reason.tag())));
        }
    }

    private Counter counter(String name, String description) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
    }

    @Override
    public void sentToNodes(int count) {
        sent.inc(count);
    }

    @Override
    public void receivedFromNodes() {
        received.inc();
    }

    @Override
    public void dropped(Drop reason, int count) {
        dropped.get(reason).inc(count);
    }
}
