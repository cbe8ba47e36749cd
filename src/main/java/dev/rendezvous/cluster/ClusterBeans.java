package dev.rendezvous.cluster;

import dev.rendezvous.config.ClusterSettings;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.tracker.ClusterView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * CDI wiring of cluster mode: without {@code rendezvous.cluster.redis-uri} the tracker gets
 * {@link ClusterView#SINGLE_NODE} and nothing touches Redis.
 */
@ApplicationScoped
public class ClusterBeans {
    @Produces
    @Singleton
    ClusterSettings settings(Config config) {
        return ClusterSettings.read(ConfigSource.of(config));
    }

    @Produces
    @Singleton
    ClusterView cluster(ClusterSettings settings, ClusterMetrics metrics) {
        return settings.enabled() ? new RedisCluster(settings, metrics) : ClusterView.SINGLE_NODE;
    }
}
