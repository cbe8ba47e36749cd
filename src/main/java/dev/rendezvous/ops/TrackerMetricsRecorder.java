package dev.rendezvous.ops;

import dev.rendezvous.tracker.Protocol;
import dev.rendezvous.tracker.TrackerMetrics;
import dev.rendezvous.tracker.wire.FailureReason;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
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
 * The tracker's counters in MicroProfile Metrics ({@code /metrics}, Prometheus text). Each counter is looked
 * up once, so counting on the frame path is a single add.
 * <p>
 * An enabled alternative to {@link UnpublishedTrackerMetrics}: where the server has MicroProfile Metrics this
 * class wins; where it has not (WildFly 39), the class cannot load, CDI skips it, and the other bean serves.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class TrackerMetricsRecorder implements TrackerMetrics {
    @Inject
    MetricRegistry registry;
    @Inject
    ReceivedFrames frames;

    private Counter announces;
    private Counter offersForwarded;
    private Counter answersForwarded;
    private Counter answersWithoutTarget;
    private Counter scrapes;
    private Counter framesTooLarge;
    private Counter slowSocketsClosed;
    private Counter idleSocketsClosed;
    private Counter originRejections;
    private Counter peersSwept;
    private final Map<FailureReason, Counter> errorFrames = new EnumMap<>(FailureReason.class);
    private final Map<Protocol, Counter> protocolAnnounces = new EnumMap<>(Protocol.class);
    private final Map<Protocol, Counter> protocolScrapes = new EnumMap<>(Protocol.class);

    /** Idempotent: the registry returns the existing counter for a name and tags. */
    @PostConstruct
    void register() {
        announces = counter("rendezvous.tracker.announces", "Announces received, answers included");
        offersForwarded = counter("rendezvous.tracker.offers.forwarded", "Offers delivered to other peers");
        answersForwarded = counter("rendezvous.tracker.answers.forwarded", "Answers delivered to their offerer");
        answersWithoutTarget = counter("rendezvous.tracker.answers.unrouted",
                "Answers dropped because to_peer_id is not in the room (or is the sender)");
        scrapes = counter("rendezvous.tracker.scrapes", "Scrape requests");
        framesTooLarge = counter("rendezvous.tracker.frames.too.large", "Sockets closed with 1009 for an oversize frame");
        slowSocketsClosed = counter("rendezvous.tracker.sockets.slow.closed", "Sockets closed because their outbound queue filled");
        idleSocketsClosed = counter("rendezvous.tracker.sockets.idle.closed", "Sockets closed for silence or for never announcing");
        originRejections = counter("rendezvous.tracker.origin.rejections", "Handshakes refused by the origin allowlist");
        peersSwept = counter("rendezvous.tracker.peers.swept", "Peers removed because they stopped announcing");
        for (Protocol protocol : Protocol.values()) {
            protocolAnnounces.put(protocol, registry.counter(Metadata.builder()
                    .withName("rendezvous.tracker.protocol.announces")
                    .withDescription("Announces received, by protocol (websocket, http, udp)")
                    .build(), new Tag("protocol", protocol.label())));
            protocolScrapes.put(protocol, registry.counter(Metadata.builder()
                    .withName("rendezvous.tracker.protocol.scrapes")
                    .withDescription("Scrape requests, by protocol (websocket, http, udp)")
                    .build(), new Tag("protocol", protocol.label())));
        }
        for (FailureReason reason : FailureReason.values()) {
            errorFrames.put(reason, registry.counter(Metadata.builder()
                    .withName("rendezvous.tracker.error.frames")
                    .withDescription("Error frames sent, by failure reason")
                    .build(), new Tag("reason", reason.tag())));
        }
    }

    private Counter counter(String name, String description) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
    }

    @Override
    public void frameReceived() {
        frames.add();
    }

    @Override
    public void announce() {
        announces.inc();
        protocolAnnounces.get(Protocol.WEBSOCKET).inc();
    }

    @Override
    public void addressAnnounce(Protocol protocol) {
        protocolAnnounces.get(protocol).inc();
    }

    @Override
    public void addressScrape(Protocol protocol) {
        protocolScrapes.get(protocol).inc();
    }

    @Override
    public void offersForwarded(int count) {
        offersForwarded.inc(count);
    }

    @Override
    public void answerForwarded() {
        answersForwarded.inc();
    }

    @Override
    public void answerWithoutTarget() {
        answersWithoutTarget.inc();
    }

    @Override
    public void scrape() {
        scrapes.inc();
        protocolScrapes.get(Protocol.WEBSOCKET).inc();
    }

    @Override
    public void errorFrame(FailureReason reason) {
        errorFrames.get(reason).inc();
    }

    @Override
    public void frameTooLarge() {
        framesTooLarge.inc();
    }

    @Override
    public void slowSocketClosed() {
        slowSocketsClosed.inc();
    }

    @Override
    public void idleSocketClosed() {
        idleSocketsClosed.inc();
    }

    @Override
    public void originRejected() {
        originRejections.inc();
    }

    @Override
    public void peersSwept(int count) {
        if (count > 0) {
            peersSwept.inc(count);
        }
    }
}
