package dev.rendezvous.admin;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.cluster.ClusterFleet;
import dev.rendezvous.config.AdminSettings;
import dev.rendezvous.config.ClusterSettings;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.LiveSettings;
import dev.rendezvous.config.ReloadService;
import dev.rendezvous.ops.Banner;
import dev.rendezvous.ops.Drain;
import dev.rendezvous.tracker.TrackerService;
import dev.rendezvous.turn.TurnService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** CDI wiring of the admin API: its settings, its door, this node's view, and the fleet (one node or a cluster). */
@ApplicationScoped
public class AdminBeans {
    @Produces
    @Singleton
    AdminSettings settings(Config config) {
        return AdminSettings.read(ConfigSource.of(config));
    }

    @Produces
    @Singleton
    AdminAccess access(AdminSettings settings, LiveSettings live) {
        return new AdminAccess(settings.enabled(), () -> live.current().admin().tokens(),
                new SourceLimiter(settings.maxFailuresPerMinute(), TimeUnit.MINUTES.toNanos(1), 100_000));
    }

    @Produces
    @Singleton
    LocalNode localNode(ClusterSettings cluster, TrackerService tracker, TurnService turn, BanList bans, Drain drain,
                        ReloadService reloads) {
        return new LocalNode(cluster.nodeId(), Banner.version(), tracker, turn, bans, drain::drainNow, drain::draining,
                AdminBeans::managed, reloads::reload, reloads::lastReload);
    }

    @Produces
    @Singleton
    Fleet fleet(ClusterSettings cluster, AdminSettings settings, LocalNode node, TrackerService tracker) {
        return cluster.enabled() && settings.enabled() ? new ClusterFleet(cluster, settings, node, tracker.cluster())
                : new LocalFleet(node);
    }

    /** Runs {@code task} on the container's default managed executor (looked up, not injected: see RedisCluster). */
    static void managed(Runnable task) {
        Executor executor;
        try {
            executor = InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
        } catch (NamingException e) {
            throw new IllegalStateException("no managed executor", e);
        }
        executor.execute(task);
    }
}
