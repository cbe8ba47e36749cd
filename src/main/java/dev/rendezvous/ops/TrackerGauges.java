package dev.rendezvous.ops;

import dev.rendezvous.tracker.TrackerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Registers the tracker's metrics at start-up: its counters, and gauges of its current state, read when /metrics is
 * scraped. Like the recorders, it exists only where MicroProfile Metrics lets the class load.
 */
@ApplicationScoped
public class TrackerGauges {
    @Inject
    MetricRegistry registry;
    @Inject
    TrackerService tracker;
    @Inject
    TrackerMetricsRecorder counters;

    void register(@Observes Startup startup) {
        counters.register(); // the recorder is created lazily; its counters must show in /metrics from the start
        gauge("rendezvous.tracker.sockets", "Open tracker WebSockets", t -> t.sockets().size());
        gauge("rendezvous.tracker.rooms", "Rooms (info_hashes) with at least one peer", t -> t.registry().roomCount());
        gauge("rendezvous.tracker.peers", "(room, peer_id) pairs", t -> t.registry().peerCount());
    }

    private void gauge(String name, String description, java.util.function.Function<TrackerService, Number> read) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), tracker, read);
    }
}
