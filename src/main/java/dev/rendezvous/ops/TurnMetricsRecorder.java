package dev.rendezvous.ops;

import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.turn.PeerAddressPolicy;
import dev.rendezvous.turn.TurnMetrics;
import dev.rendezvous.turn.TurnService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.EnumMap;
import java.util.Map;

/**
 * The STUN/TURN server's counters and gauges in MicroProfile Metrics; each counter is looked up once. An enabled
 * alternative to {@link UnpublishedTurnMetrics}, chosen wherever MicroProfile Metrics lets this class load.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class TurnMetricsRecorder implements TurnMetrics {
    @Inject
    MetricRegistry registry;

    private Counter bindings;
    private Counter created;
    private Counter expired;
    private Counter quota;
    private Counter rateLimited;
    private Counter packetsToPeer;
    private Counter packetsToClient;
    private Counter bytesToPeer;
    private Counter bytesToClient;
    private final Map<TurnAuthenticator.Failure, Counter> authFailures = new EnumMap<>(TurnAuthenticator.Failure.class);
    private final Map<PeerAddressPolicy.Denial, Counter> denials = new EnumMap<>(PeerAddressPolicy.Denial.class);

    /** Counters exist before the first packet, whichever Startup observer runs first. */
    @PostConstruct
    void counters() {
        bindings = counter("rendezvous.turn.binding.requests", "STUN Binding requests answered");
        created = counter("rendezvous.turn.allocations.created", "Allocations created");
        expired = counter("rendezvous.turn.allocations.expired", "Allocations that ran out of lifetime");
        quota = counter("rendezvous.turn.quota.rejections", "Requests refused by a quota (486, 508)");
        rateLimited = counter("rendezvous.turn.rate.limited.packets", "Packets dropped over an allocation's max-bps");
        packetsToPeer = counter("rendezvous.turn.relayed.packets", "Packets relayed", "direction", "to_peer");
        packetsToClient = counter("rendezvous.turn.relayed.packets", "Packets relayed", "direction", "to_client");
        bytesToPeer = counter("rendezvous.turn.relayed.bytes", "Payload bytes relayed", "direction", "to_peer");
        bytesToClient = counter("rendezvous.turn.relayed.bytes", "Payload bytes relayed", "direction", "to_client");
        for (TurnAuthenticator.Failure failure : TurnAuthenticator.Failure.values()) {
            authFailures.put(failure, counter("rendezvous.turn.auth.failures",
                    "Requests not authenticated, by reason (challenge: the first, credential-less request)",
                    "reason", failure.tag()));
        }
        for (PeerAddressPolicy.Denial denial : PeerAddressPolicy.Denial.values()) {
            denials.put(denial, counter("rendezvous.turn.permission.denials",
                    "Peers refused by the peer-address policy, by reason", "reason", denial.tag()));
        }
    }

    void gauges(@Observes Startup startup, TurnService turn) {
        registry.gauge(Metadata.builder().withName("rendezvous.turn.allocations.active")
                .withDescription("Allocations now").build(), turn, TurnService::allocationCount);
    }

    private Counter counter(String name, String description, String... tag) {
        Metadata metadata = Metadata.builder().withName(name).withDescription(description).build();
        return tag.length == 0 ? registry.counter(metadata) : registry.counter(metadata, new Tag(tag[0], tag[1]));
    }

    @Override
    public void bindingRequest() {
        bindings.inc();
    }

    @Override
    public void allocationCreated() {
        created.inc();
    }

    @Override
    public void allocationExpired() {
        expired.inc();
    }

    @Override
    public void authFailure(TurnAuthenticator.Failure failure) {
        authFailures.get(failure).inc();
    }

    @Override
    public void permissionDenied(PeerAddressPolicy.Denial denial) {
        denials.get(denial).inc();
    }

    @Override
    public void quotaRejected() {
        quota.inc();
    }

    @Override
    public void relayedToPeer(long packets, long bytes) {
        packetsToPeer.inc(packets);
        bytesToPeer.inc(bytes);
    }

    @Override
    public void rateLimited() {
        rateLimited.inc();
    }

    @Override
    public void relayedToClient(long packets, long bytes) {
        packetsToClient.inc(packets);
        bytesToClient.inc(bytes);
    }
}
