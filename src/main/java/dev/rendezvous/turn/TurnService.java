package dev.rendezvous.turn;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.auth.LimitListener;
import dev.rendezvous.config.AbuseLimits;
import dev.rendezvous.config.LiveSettings;
import dev.rendezvous.auth.BanList;
import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.auth.NonceService;
import dev.rendezvous.auth.TrackerGate;
import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.config.TurnSettings;
import dev.rendezvous.tracker.ClusterView;
import dev.rendezvous.tracker.RoomRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded STUN/TURN server's lifecycle: started by the CDI Startup event, its listener loops (which also read the
 * relay sockets) run as long-running tasks on the container's managed executor, and it stops cleanly with the application
 * (sockets closed, allocations released). Off with {@code rendezvous.turn.enabled=false}.
 */
@ApplicationScoped
public class TurnService {
    private static final Logger LOG = Logger.getLogger(TurnService.class.getName());

    @Inject
    TurnSettings settings;
    @Inject
    TurnMetrics metrics;
    @Inject
    LiveSettings live;
    @Inject
    LimitListener limits;
    @Inject
    RoomRegistry rooms;
    @Inject
    ClusterView cluster;
    @Inject
    BanList bans;
    @Resource
    ManagedExecutorService executor;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final List<UdpListener> udp = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String udpProblem = "not started";
    private volatile TcpListener tcp;
    private volatile String tcpProblem = "not started";
    private volatile TcpListener tls;
    private volatile String tlsProblem;
    private volatile AllocationManager allocations;
    private AllocationListener listener;
    private ScheduledFuture<?> expiry;
    private ScheduledFuture<?> keyStoreWatch;

    void start(@Observes Startup startup) {
        if (!settings.enabled()) {
            LOG.info("Rendezvous TURN server disabled (rendezvous.turn.enabled=false)");
            return;
        }
        InetSocketAddress listen = new InetSocketAddress(settings.listenAddress(), settings.port());
        // Credentials and limits are read from the live settings per request: a rotation applies to the next one.
        TurnAuthenticator authenticator = new TurnAuthenticator(() -> live.current().credentials(),
                new NonceService(TimeUnit.SECONDS.toMillis(600)),
                new SourceLimiter(() -> live.current().turn().maxAuthFailuresPerMinute(), TimeUnit.MINUTES.toNanos(1),
                        100_000, source -> limits.limited(LimitHit.now(TurnSettings.PREFIX + "max-auth-failures-per-minute", source, "dropped"))),
                new SourceLimiter(() -> live.current().limits().turnChallengesPerMinute(), TimeUnit.MINUTES.toNanos(1),
                        100_000, source -> limits.limited(LimitHit.now(AbuseLimits.TURN_CHALLENGES_PER_MINUTE, source, "dropped"))),
                settings.trackerGated() ? new TrackerGate(peer -> rooms.announced(peer) || cluster.announcedElsewhere(peer)) : user -> true);
        PeerAddressPolicy policy = new PeerAddressPolicy(settings.allowLoopbackPeers(), settings.allowPrivatePeers(),
                settings.allowedPeers(), settings.deniedPeers(),
                List.of(listen, new InetSocketAddress(settings.listenAddress(), settings.tlsPort())));
        allocations = new AllocationManager(new LiveQuotas(settings));
        synchronized (this) {
            if (listener != null) {
                allocations.listen(listener);
            }
        }
        TurnServer server;
        try {
            server = new TurnServer(authenticator, allocations, policy, metrics, bans);
            int sockets = settings.udpSockets();
            for (int i = 0; i < sockets; i++) {
                udp.add(new UdpListener(listen, server, allocations, metrics, sockets > 1, settings.udpClientSockets(),
                        settings.udpNativeReceive()));
            }
            UdpListener first = udp.get(0);
            LOG.log(first.servesEveryClientFromACappedBuffer() ? Level.WARNING : Level.INFO, first.howClientsAreRead());
            udpProblem = null;
        } catch (IOException e) {
            udpProblem = "cannot bind UDP " + AddressText.hostPort(listen) + ": " + e.getMessage();
            LOG.log(Level.SEVERE, "Rendezvous TURN server not started: " + udpProblem);
            udp.forEach(UdpListener::stop);
            udp.clear();
            return;
        }
        udp.forEach(listener -> executor.submit(longRunning(listener)));
        try {
            tcp = new TcpListener(listen, server, allocations, metrics, settings.maxAllocations() * 2,
                    settings.maxTcpConnectionsPerAllocation(), null, System::nanoTime);
            tcpProblem = null;
            executor.submit(longRunning(tcp));
        } catch (IOException e) {
            tcpProblem = "cannot bind TCP " + AddressText.hostPort(listen) + ": " + e.getMessage();
            LOG.log(Level.SEVERE, "Rendezvous TURN over TCP not started: " + tcpProblem);
        }
        if (settings.tlsPort() > 0) {
            InetSocketAddress tlsAddress = new InetSocketAddress(settings.listenAddress(), settings.tlsPort());
            try {
                TlsContexts.Reloading context = TlsContexts.of(settings);
                if (context == null) {
                    LOG.info("Rendezvous TURN over TLS off: no rendezvous.turn.tls-key-store configured");
                } else {
                    tls = new TcpListener(tlsAddress, server, allocations, metrics, settings.maxAllocations() * 2,
                            settings.maxTcpConnectionsPerAllocation(), context, System::nanoTime);
                    executor.submit(longRunning(tls));
                    keyStoreWatch = scheduler.scheduleWithFixedDelay(context::check, 1, 1, TimeUnit.SECONDS);
                }
            } catch (IOException | java.security.GeneralSecurityException e) {
                tlsProblem = "cannot start TLS on " + AddressText.hostPort(tlsAddress) + ": " + e.getMessage();
                LOG.log(Level.SEVERE, "Rendezvous TURN over TLS not started: " + tlsProblem);
            }
        }
        expiry = scheduler.scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
        LOG.info(() -> "Rendezvous STUN/TURN listening on udp (" + udp.size() + " sockets) and tcp "
                + AddressText.hostPort(udp.get(0).address()) + ", relays on "
                + AddressText.host(settings.advertisedAddress()) + " ports " + settings.relayPortMin() + "-"
                + settings.relayPortMax() + ", realm " + settings.realm());
    }

    /**
     * The allocation limits for the next allocation: the quotas of the live settings, the addresses and relay ports of
     * the start-up ones. Built again only when the settings change.
     */
    private final class LiveQuotas implements java.util.function.Supplier<AllocationManager.Limits> {
        private record Built(TurnSettings from, AllocationManager.Limits limits) {
        }

        private final TurnSettings start;
        private final InetAddress advertised;
        private volatile Built built = new Built(null, null);

        LiveQuotas(TurnSettings start) {
            this.start = start;
            this.advertised = start.advertisedAddress();
        }

        @Override
        public AllocationManager.Limits get() {
            TurnSettings now = live.current().turn();
            Built last = built;
            if (last.from() != now) {
                last = new Built(now, new AllocationManager.Limits(now.maxAllocations(), now.maxAllocationsPerUser(),
                        now.maxAllocationsPerAddress(), now.maxPermissionsPerAllocation(), now.maxChannelsPerAllocation(),
                        start.relayPortMin(), start.relayPortMax(), start.listenAddress(), advertised,
                        start.ipv6RelayAddress(), start.advertisedIpv6Address(), now.maxBitsPerSecond()));
                built = last;
            }
            return last.limits();
        }
    }

    private void expire() {
        for (Allocation expired : allocations.expire(System.nanoTime())) {
            metrics.allocationExpired();
        }
    }

    private static Runnable longRunning(Runnable loop) {
        return ManagedExecutors.managedTask(loop, Map.of(ManagedTask.LONGRUNNING_HINT, "true",
                ManagedTask.IDENTITY_NAME, loop.getClass().getSimpleName()), null);
    }

    /** Null when the UDP listener is up (or TURN is disabled), else what is wrong: the readiness check. */
    public String udpProblem() {
        if (!settings.enabled()) {
            return null;
        }
        return !udp.isEmpty() && udp.stream().allMatch(UdpListener::open) ? null : udpProblem;
    }

    /** Null when the TCP listener is up (or TURN is disabled), else what is wrong. */
    public String tcpProblem() {
        if (!settings.enabled()) {
            return null;
        }
        TcpListener listener = tcp;
        return listener != null && listener.open() ? null : tcpProblem;
    }

    /** Null when the TLS listener is up, or TLS or TURN is off; else what is wrong. */
    public String tlsProblem() {
        if (!settings.enabled() || settings.tlsPort() == 0 || settings.tlsKeyStore().isEmpty()) {
            return null;
        }
        TcpListener listener = tls;
        return listener != null && listener.open() ? null : (tlsProblem == null ? "not started" : tlsProblem);
    }

    /** Whether TURN over TLS is listening, so that {@code turns:} URIs can be handed out. */
    public boolean tlsRunning() {
        TcpListener listener = tls;
        return settings.enabled() && listener != null && listener.open();
    }

    public InetSocketAddress udpAddress() {
        return udp.isEmpty() ? null : udp.get(0).address();
    }

    /** From now on every Allocate gets 508: this node is shutting down. */
    public void refuseAllocations() {
        if (allocations != null) {
            allocations.refuseNew();
        }
    }

    /** Every allocation now; empty while TURN is off. */
    public java.util.Collection<Allocation> allocations() {
        AllocationManager current = allocations;
        return current == null ? java.util.List.of() : current.all();
    }

    /**
     * Ends the allocation the operator knows as {@code id} now: its relay closes, and the client's next Refresh gets
     * 437.
     *
     * @return the allocation ended, or null if there is none with that id here
     */
    public Allocation end(String id) {
        AllocationManager current = allocations;
        Allocation allocation = current == null ? null : current.byId(id);
        if (allocation != null) {
            current.delete(allocation);
        }
        return allocation;
    }

    /** From now on, allocations made and ended here are told to {@code listener}. */
    public synchronized void listen(AllocationListener listener) {
        this.listener = listener;
        AllocationManager current = allocations;
        if (current != null) {
            current.listen(listener);
        }
    }

    public int allocationCount() {
        return allocations == null ? 0 : allocations.count();
    }

    @PreDestroy
    void stop() {
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (keyStoreWatch != null) {
            keyStoreWatch.cancel(false);
        }
        udp.forEach(UdpListener::stop);
        if (tcp != null) {
            tcp.stop();
        }
        if (tls != null) {
            tls.stop();
        }
        if (allocations != null) {
            allocations.deleteAll();
        }
    }
}
