package dev.rendezvous.ops;

import dev.rendezvous.tracker.ClusterStatus;
import dev.rendezvous.tracker.Protocol;
import dev.rendezvous.tracker.TrackerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

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
        gauge("rendezvous.tracker.rooms", "Rooms (info_hashes) with at least one peer, on every node of a cluster",
                t -> t.cluster().status().filter(ClusterStatus::engineUp).map(ClusterStatus::rooms)
                        .orElseGet(() -> t.registry().roomCount()));
        gauge("rendezvous.tracker.peers", "(room, peer_id) pairs, on every node of a cluster", TrackerGauges::pairs);
        for (Protocol protocol : Protocol.values()) {
            registry.gauge(Metadata.builder().withName("rendezvous.tracker.protocol.peers")
                            .withDescription("(room, peer) pairs on this node, by the protocol the peer announced over")
                            .build(), tracker, t -> t.registry().peerCount(protocol),
                    new Tag("protocol", protocol.label()));
        }
        if (tracker.cluster().status().isPresent()) {
            gauge("rendezvous.tracker.node.rooms", "Rooms with at least one peer on this node", t -> t.registry().roomCount());
            gauge("rendezvous.tracker.node.peers", "(room, peer_id) pairs on this node", t -> t.registry().peerCount());
            gauge("rendezvous.cluster.engine.up", "1 while the cluster's Redis is in use, 0 while this node serves alone",
                    t -> t.cluster().status().map(s -> s.engineUp() ? 1 : 0).orElse(0));
            gauge("rendezvous.cluster.nodes", "Live nodes, as of this node's last heartbeat",
                    t -> t.cluster().status().map(s -> s.liveNodes().size()).orElse(1));
        }
    }

    private static int pairs(TrackerService tracker) {
        int pairs = tracker.registry().peerCount();
        ClusterStatus status = tracker.cluster().status().filter(ClusterStatus::engineUp).orElse(null);
        if (status != null) {
            for (var node : status.otherNodes()) {
                pairs += node.pairs();
            }
        }
        return pairs;
    }

    private void gauge(String name, String description, java.util.function.Function<TrackerService, Number> read) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), tracker, read);
    }
}
