package dev.rendezvous.tracker.udp;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.auth.LimitListener;
import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.config.UdpTrackerSettings;
import dev.rendezvous.tracker.AddressTracker;
import dev.rendezvous.turn.AddressText;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The UDP tracker's (BEP 15) lifecycle, like TURN's: started by the CDI Startup event, one socket per listen address,
 * each with its receive loop as a long-running task on the container's managed executor; stopped with the application
 * (sockets closed, loops ended). Off with {@code rendezvous.udp-tracker.enabled=false}.
 */
@ApplicationScoped
public class UdpTrackerService {
    private static final Logger LOG = Logger.getLogger(UdpTrackerService.class.getName());
    private static final String UNVERIFIED_LIMIT = UdpTrackerSettings.PREFIX + "max-unverified-replies-per-minute";

    @Inject
    UdpTrackerSettings settings;
    @Inject
    AddressTracker swarms;
    @Inject
    UdpTrackerMetrics metrics;
    @Inject
    LimitListener limits;
    @Resource
    ManagedExecutorService executor;

    private final List<UdpTrackerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile String problem = "not started";

    void start(@Observes Startup startup) {
        if (!settings.enabled()) {
            LOG.info("Rendezvous UDP tracker disabled (" + UdpTrackerSettings.PREFIX + "enabled=false)");
            return;
        }
        SourceLimiter unverified = new SourceLimiter(settings::maxUnverifiedRepliesPerMinute, TimeUnit.MINUTES.toNanos(1),
                100_000, source -> limits.limited(LimitHit.now(UNVERIFIED_LIMIT, source, "dropped")));
        Semaphore pending = new Semaphore(settings.maxPending());
        UdpTrackerMetrics counted = metrics.instance();
        for (InetAddress address : settings.listenAddresses()) {
            InetSocketAddress listen = new InetSocketAddress(address, settings.port());
            UdpTracker tracker = new UdpTracker(swarms, new ConnectionIds(settings.connectionSecret()), unverified, pending,
                    counted, System::currentTimeMillis);
            try {
                listeners.add(new UdpTrackerListener(listen, tracker));
            } catch (IOException | RuntimeException e) { // RuntimeException: e.g. IPv6 on a host without it
                problem = "cannot bind UDP " + AddressText.hostPort(listen) + ": " + e.getMessage();
                LOG.log(Level.SEVERE, "Rendezvous UDP tracker not started: " + problem);
                stop();
                return;
            }
        }
        problem = null;
        listeners.forEach(listener -> executor.submit(ManagedExecutors.managedTask(listener,
                Map.of(ManagedTask.LONGRUNNING_HINT, "true", ManagedTask.IDENTITY_NAME, "UdpTrackerListener"), null)));
        LOG.info(() -> "Rendezvous UDP tracker (BEP 15) listening on " + String.join(", ", addresses()) + ", connection ids keyed by a "
                + (settings.secretConfigured() ? "shared secret" : "random per-process secret"));
    }

    /** Null when every socket is up (or the UDP tracker is off), else what is wrong: the readiness check. */
    public String problem() {
        if (!settings.enabled()) {
            return null;
        }
        return !listeners.isEmpty() && listeners.stream().allMatch(UdpTrackerListener::open) ? null
                : problem == null ? "stopped" : problem;
    }

    /** The bound addresses, e.g. {@code 0.0.0.0:6969}; empty while off. */
    public List<String> addresses() {
        return listeners.stream().map(listener -> AddressText.hostPort(listener.address())).toList();
    }

    @PreDestroy
    void stop() {
        listeners.forEach(UdpTrackerListener::stop);
        listeners.clear();
    }
}
