package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.FailureReason;

import java.util.EnumMap;
import java.util.Map;

/** The tracker's counters as plain fields, for assertions. */
final class CountingMetrics implements TrackerMetrics {
    final Map<Protocol, Integer> addressAnnounces = new EnumMap<>(Protocol.class);
    final Map<Protocol, Integer> addressScrapes = new EnumMap<>(Protocol.class);
    int frames, announces, offers, answers, unrouted, scrapes, tooLarge, slow, idle, origins, swept;
    final Map<FailureReason, Integer> errors = new EnumMap<>(FailureReason.class);

    @Override public void frameReceived() { frames++; }
    @Override public void announce() { announces++; }
    @Override public void offersForwarded(int count) { offers += count; }
    @Override public void answerForwarded() { answers++; }
    @Override public void answerWithoutTarget() { unrouted++; }
    @Override public void scrape() { scrapes++; }
    @Override public void addressAnnounce(Protocol protocol) { addressAnnounces.merge(protocol, 1, Integer::sum); }
    @Override public void addressScrape(Protocol protocol) { addressScrapes.merge(protocol, 1, Integer::sum); }
    @Override public void errorFrame(FailureReason reason) { errors.merge(reason, 1, Integer::sum); }
    @Override public void frameTooLarge() { tooLarge++; }
    @Override public void slowSocketClosed() { slow++; }
    @Override public void idleSocketClosed() { idle++; }
    @Override public void originRejected() { origins++; }
    @Override public void peersSwept(int count) { swept += count; }
}
