package dev.rendezvous.tracker;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.auth.LimitListener;
import dev.rendezvous.auth.TrustedProxies;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.LiveSettings;
import dev.rendezvous.config.TrackerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * CDI wiring of the tracker's plain classes. The injectable {@link TrackerSettings} are the start-up ones (for what
 * is only read at start-up); the tracker itself reads the live settings per use.
 */
@ApplicationScoped
public class TrackerBeans {

    @Produces
    @Singleton
    TrackerSettings settings(LiveSettings live) {
        return live.current().tracker();
    }

    @Produces
    @Singleton
    TrustedProxies trustedProxies(Config config) {
        return TrustedProxies.read(ConfigSource.of(config));
    }

    /** The operator's bans, this node's copy (kept in step with Redis in a cluster). */
    @Produces
    @Singleton
    BanList bans() {
        return new BanList();
    }

    @Produces
    @Singleton
    TrackerService tracker(LiveSettings live, RoomRegistry registry, TrackerMetrics metrics, ClusterView cluster,
                           BanList bans) {
        return new TrackerService(() -> live.current().tracker(), () -> live.current().accessList(), registry.instance(),
                metrics.instance(), cluster, bans);
    }

    @Produces
    @Singleton
    AddressTracker addressTracker(LiveSettings live, RoomRegistry registry, TrackerMetrics metrics, ClusterView cluster,
                                  BanList bans, TrackerService tracker) {
        // TrackerService first: it attaches this node's rooms to the cluster, which HTTP and UDP announces use too
        return new AddressTracker(() -> live.current().tracker(), () -> live.current().limits(),
                () -> live.current().accessList(), registry.instance(), metrics.instance(), tracker.cluster(), bans);
    }

    @Produces
    @Singleton
    SocketLimits socketLimits(LiveSettings live, LimitListener listener) {
        return new SocketLimits(() -> live.current().limits(), listener);
    }
}
