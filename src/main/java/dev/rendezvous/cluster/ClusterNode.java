package dev.rendezvous.cluster;

import dev.rendezvous.config.ClusterSettings;
import dev.rendezvous.tracker.ClusterView;
import dev.rendezvous.tracker.TrackerService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Cluster mode's lifecycle: starts the heartbeat with the application, and on the way out removes this node from
 * the cluster (with its peers) and closes the connections. Does nothing on a single node.
 */
@ApplicationScoped
public class ClusterNode {
    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());

    @Inject
    ClusterSettings settings;
    @Inject
    ClusterView cluster;
    @Inject
    TrackerService tracker; // created first: it attaches itself to the cluster
    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> heartbeat;
    private boolean left;

    void start(@Observes Startup startup) {
        if (!(cluster instanceof RedisCluster redis)) {
            return;
        }
        long timeoutMillis = TimeUnit.SECONDS.toMillis(settings.nodeTimeout());
        long periodMillis = Math.max(500, timeoutMillis / 5);
        heartbeat = scheduler.scheduleWithFixedDelay(
                new NodeHeartbeat(redis, timeoutMillis, RedisCluster.controlTimeout(settings).toMillis()),
                0, periodMillis, TimeUnit.MILLISECONDS);
        LOG.info("Rendezvous cluster: node " + settings.nodeId() + " on " + settings.redisUriForLogs()
                + ", heartbeat every " + periodMillis + " ms, node timeout " + settings.nodeTimeout() + " s");
    }

    /**
     * What takes this node and its peers out of the shared state, as a plain object: a shutdown hook can run it
     * after the application's contexts have ended, when this bean's proxy no longer answers. Idempotent.
     */
    public Runnable leaving() {
        return this::leave;
    }

    private synchronized void leave() {
        if (left || !(cluster instanceof RedisCluster redis)) {
            return;
        }
        left = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        NodeHeartbeat.leave(redis, 2_000);
    }

    @PreDestroy
    synchronized void stop() {
        leave();
        if (cluster instanceof RedisCluster redis) {
            redis.close();
        }
    }
}
