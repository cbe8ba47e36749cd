package dev.rendezvous.ops;

import dev.rendezvous.cluster.ClusterNode;
import dev.rendezvous.tracker.SocketCloser;
import dev.rendezvous.tracker.TrackerService;
import dev.rendezvous.turn.TurnService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A graceful stop, for nodes behind a load balancer: the node reports not ready, refuses new tracker sockets (403)
 * and TURN allocations (508), and closes its tracker sockets with 1001, so that their clients reconnect through
 * the balancer to another node; their peers leave the rooms at once. In a cluster, the node then removes itself
 * and anything left of its peers from the shared state. Existing TURN allocations relay until the
 * TURN service stops.
 * <p>
 * It runs on SIGTERM, from a JVM shutdown hook: on Liberty, a stopping server closes its connections during its
 * quiesce, before applications hear of the stop, so only a hook that runs alongside Liberty's own gets the close
 * frames out. It runs again, harmlessly, when the application stops for any other reason.
 */
@ApplicationScoped
public class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
    /** How long a second caller waits for the drain under way: its closes, then the cluster's leave (bounded at 2 s). */
    private static final Duration UNDER_WAY_LIMIT = CLOSE_LIMIT.plusSeconds(5);

    @Inject
    TrackerService tracker;
    @Inject
    TurnService turn;
    @Inject
    SocketCloser closer;
    @Inject
    ClusterNode cluster;

    private final AtomicBoolean drained = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;
    private Runnable leaveCluster;

    void onSigterm(@Observes Startup startup) {
        leaveCluster = cluster.leaving(); // not through the bean's proxy: the hook may run after the contexts end
        hook = new Thread(this::drain, "rendezvous-drain");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook); // a redeployed application must not leave it behind
        } catch (IllegalStateException | IllegalArgumentException alreadyRunningOrGone) {
            // the JVM is shutting down: the hook runs, or has run, the drain
        }
        drain();
    }

    /**
     * The operator's drain ({@code POST /admin/nodes/{id}/drain}): what SIGTERM starts, and the process goes on, so
     * that a rolling deploy can drain a node before it stops it. Returns when the sockets' closes are done (at most
     * {@link #CLOSE_LIMIT}); harmless if the node drains already.
     */
    public void drainNow() {
        drain();
    }

    /** Whether the drain has begun. */
    public boolean draining() {
        return drained.get();
    }

    private void drain() {
        if (!drained.compareAndSet(false, true)) {
            awaitTheDrainUnderWay();
            return;
        }
        try {
            closeAndLeave();
        } finally {
            finished.countDown();
        }
    }

    /**
     * Liberty stops the application about a second after SIGTERM, while the hook's drain may still be closing
     * sockets on a busy machine; the application's stop ends the closer's threads, and a socket not yet closed then
     * drops with the process (1006). So a second caller waits for the first one's closes.
     */
    private void awaitTheDrainUnderWay() {
        try {
            if (!finished.await(UNDER_WAY_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Rendezvous drain still running after " + UNDER_WAY_LIMIT.toSeconds() + " s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAndLeave() {
        long started = System.nanoTime();
        LOG.info("Rendezvous draining: not ready, refusing new sockets and allocations, closing sockets with 1001");
        turn.refuseAllocations();
        int sockets = tracker.drain();
        boolean done;
        try {
            done = closer.awaitQuiet(CLOSE_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        leaveCluster.run();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("Rendezvous drained: " + sockets + " tracker sockets closed with 1001 in " + millis + " ms"
                + (done ? "" : " (some closes still waiting for their clients after " + CLOSE_LIMIT.toSeconds() + " s)"));
    }
}
