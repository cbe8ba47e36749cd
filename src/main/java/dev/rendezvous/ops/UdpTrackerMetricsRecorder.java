package dev.rendezvous.ops;

import dev.rendezvous.tracker.udp.UdpAction;
import dev.rendezvous.tracker.udp.UdpDrop;
import dev.rendezvous.tracker.udp.UdpRefusal;
import dev.rendezvous.tracker.udp.UdpTrackerMetrics;
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
 * The UDP tracker's counters in MicroProfile Metrics, each looked up once. An enabled alternative to
 * {@link UnpublishedUdpTrackerMetrics}, chosen wherever MicroProfile Metrics lets this class load.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class UdpTrackerMetricsRecorder implements UdpTrackerMetrics {
    static final String REQUESTS = "rendezvous.udp.tracker.requests";
    static final String REFUSALS = "rendezvous.udp.tracker.refusals";
    static final String DROPPED = "rendezvous.udp.tracker.dropped.packets";

    @Inject
    MetricRegistry registry;

    private final Map<UdpAction, Counter> requests = new EnumMap<>(UdpAction.class);
    private final Map<UdpRefusal, Counter> refusals = new EnumMap<>(UdpRefusal.class);
    private final Map<FailureReason, Counter> failures = new EnumMap<>(FailureReason.class);
    private final Map<UdpDrop, Counter> dropped = new EnumMap<>(UdpDrop.class);

    @PostConstruct
    void counters() {
        for (UdpAction action : UdpAction.values()) {
            requests.put(action, counter(REQUESTS, "UDP tracker packets of 16 bytes or more, by action", "action", action.tag()));
        }
        String refusalHelp = "UDP tracker requests answered with an error (or, over a source's budget, not at all), by reason";
        for (UdpRefusal reason : UdpRefusal.values()) {
            refusals.put(reason, counter(REFUSALS, refusalHelp, "reason", reason.tag()));
        }
        for (FailureReason reason : FailureReason.values()) {
            failures.put(reason, counter(REFUSALS, refusalHelp, "reason", reason.tag()));
        }
        for (UdpDrop reason : UdpDrop.values()) {
            dropped.put(reason, counter(DROPPED, "UDP tracker packets that got no answer, by reason", "reason", reason.tag()));
        }
    }

    private Counter counter(String name, String description, String tag, String value) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description).build(), new Tag(tag, value));
    }

    @Override
    public void request(UdpAction action) {
        requests.get(action).inc();
    }

    @Override
    public void refused(UdpRefusal reason) {
        refusals.get(reason).inc();
    }

    @Override
    public void failed(FailureReason reason) {
        failures.get(reason).inc();
    }

    @Override
    public void dropped(UdpDrop reason) {
        dropped.get(reason).inc();
    }
}
