package dev.rendezvous.ops;

import dev.rendezvous.tracker.udp.UdpAction;
import dev.rendezvous.tracker.udp.UdpDrop;
import dev.rendezvous.tracker.udp.UdpRefusal;
import dev.rendezvous.tracker.udp.UdpTrackerMetrics;
import dev.rendezvous.tracker.wire.FailureReason;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The UDP tracker's metrics on a server without MicroProfile Metrics (WildFly 39), where
 * {@link UdpTrackerMetricsRecorder} cannot load and CDI picks this bean instead: nothing is kept.
 */
@ApplicationScoped
public class UnpublishedUdpTrackerMetrics implements UdpTrackerMetrics {
    @Override
    public void request(UdpAction action) {
    }

    @Override
    public void refused(UdpRefusal reason) {
    }

    @Override
    public void failed(FailureReason reason) {
    }

    @Override
    public void dropped(UdpDrop reason) {
    }
}
