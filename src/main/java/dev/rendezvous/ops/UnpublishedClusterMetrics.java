package dev.rendezvous.ops;

import dev.rendezvous.cluster.ClusterMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/** Cluster counters on a server without MicroProfile Metrics (WildFly 39): not kept. */
@ApplicationScoped
public class UnpublishedClusterMetrics implements ClusterMetrics {
    @Override
    public void sentToNodes(int count) {
    }

    @Override
    public void receivedFromNodes() {
    }

    @Override
    public void dropped(Drop reason, int count) {
    }
}
