package dev.rendezvous.ops;

import dev.rendezvous.tracker.Protocol;
import dev.rendezvous.tracker.TrackerMetrics;
import dev.rendezvous.tracker.wire.FailureReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The tracker's metrics on a server without MicroProfile Metrics (WildFly 39), where
 * {@link TrackerMetricsRecorder} cannot load and CDI picks this bean instead: frames are still counted for
 * {@code /stats.json}, and the counters, having no registry to go to, are not kept.
 */
@ApplicationScoped
public class UnpublishedTrackerMetrics implements TrackerMetrics {
    @Inject
    ReceivedFrames frames;

    @Override
    public void frameReceived() {
        frames.add();
    }

    @Override
    public void announce() {
    }

    @Override
    public void offersForwarded(int count) {
    }

    @Override
    public void answerForwarded() {
    }

    @Override
    public void answerWithoutTarget() {
    }

    @Override
    public void addressAnnounce(Protocol protocol) {
    }

    @Override
    public void addressScrape(Protocol protocol) {
    }

    @Override
    public void scrape() {
    }

    @Override
    public void errorFrame(FailureReason reason) {
    }

    @Override
    public void frameTooLarge() {
    }

    @Override
    public void slowSocketClosed() {
    }

    @Override
    public void idleSocketClosed() {
    }

    @Override
    public void originRejected() {
    }

    @Override
    public void peersSwept(int count) {
    }
}
