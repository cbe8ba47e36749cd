package dev.rendezvous.tracker;

import dev.rendezvous.config.TrackerSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The tracker's timer: sweeps peers that stopped announcing (and the rooms they leave empty) and closes idle
 * sockets. Runs on the container's managed scheduled executor. Quiet sockets are not pinged: a live client
 * re-announces within the announce interval, which is shorter than the idle timeout, and Liberty's pings are
 * blocking writes with no timeout (a client that stops reading would park the pinging thread for good).
 */
@ApplicationScoped
public class TrackerMaintenance {
    private static final Logger LOG = Logger.getLogger(TrackerMaintenance.class.getName());

    @Inject
    TrackerService tracker;
    @Inject
    TrackerMetrics metrics;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile long periodNanos;
    private volatile long lastTickNanos;
    private ScheduledFuture<?> task;

    void start(@Observes Startup startup) {
        TrackerSettings settings = tracker.settings();
        long periodMillis = Math.max(250, Math.min(30_000,
                Math.min(settings.peerTimeout(), settings.idleTimeout()) * 1000L / 4));
        periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        lastTickNanos = System.nanoTime();
        task = scheduler.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Rendezvous tracker ready: announce interval " + settings.announceInterval()
                + " s, peer timeout " + settings.peerTimeout() + " s, idle timeout " + settings.idleTimeout() + " s");
    }

    void tick() {
        try {
            long now = System.nanoTime();
            TrackerSettings settings = tracker.settings();
            int swept = tracker.registry().sweep(now - TimeUnit.SECONDS.toNanos(settings.peerTimeout()));
            metrics.peersSwept(swept);
            long idle = TimeUnit.SECONDS.toNanos(settings.idleTimeout());
            for (PeerSocket socket : tracker.sockets()) {
                if (socket.idle(now, idle)) {
                    tracker.close(socket);
                    socket.sink().closeIdle();
                    metrics.idleSocketClosed();
                }
            }
            lastTickNanos = now;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "tracker maintenance failed", e);
        }
    }

    /** True while the timer keeps running: the liveness check. */
    public boolean alive(long nowNanos) {
        return task != null && !task.isDone() && nowNanos - lastTickNanos < 3 * periodNanos + TimeUnit.SECONDS.toNanos(1);
    }

    public boolean started() {
        return task != null;
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
