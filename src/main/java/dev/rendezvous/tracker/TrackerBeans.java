package dev.rendezvous.tracker;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.auth.OriginPolicy;
import dev.rendezvous.auth.TrustedProxies;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.TrackerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** CDI wiring of the tracker's plain classes. Settings are read once; a bad value fails start-up. */
@ApplicationScoped
public class TrackerBeans {

    @Produces
    @Singleton
    TrackerSettings settings(Config config) {
        return TrackerSettings.read(ConfigSource.of(config));
    }

    @Produces
    @Singleton
    OriginPolicy originPolicy(TrackerSettings settings) {
        return new OriginPolicy(settings.allowedOrigins(), settings.requireOrigin());
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
    TrackerService tracker(TrackerSettings settings, RoomRegistry registry, TrackerMetrics metrics,
                           ClusterView cluster, BanList bans) {
        return new TrackerService(settings, registry.instance(), metrics.instance(), cluster, bans);
    }
}
