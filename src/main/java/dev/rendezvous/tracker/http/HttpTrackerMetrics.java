package dev.rendezvous.tracker.http;

/**
 * What the HTTP tracker counts itself: the requests it refuses before they reach the swarms. Announces, scrapes and
 * the swarms' own refusals are counted by the shared tracker core, per protocol.
 */
public interface HttpTrackerMetrics {

    void refused(HttpRefusal reason);
}
