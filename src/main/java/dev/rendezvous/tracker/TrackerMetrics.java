package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.FailureReason;

/** What the tracker counts. The server's implementation feeds MicroProfile Metrics where the server has it. */
public interface TrackerMetrics {
    /**
     * This object. Called through a CDI client proxy, it returns the bean instance behind the proxy, which the frame
     * path then calls directly: each call through an application-scoped bean's proxy looks its context up again.
     */
    default TrackerMetrics instance() {
        return this;
    }

    void frameReceived();

    void announce();

    void offersForwarded(int count);

    void answerForwarded();

    void answerWithoutTarget();

    void scrape();

    /** An HTTP or UDP announce (WebSocket announces are {@link #announce()}). */
    void addressAnnounce(Protocol protocol);

    /** An HTTP or UDP scrape (WebSocket scrapes are {@link #scrape()}). */
    void addressScrape(Protocol protocol);

    void errorFrame(FailureReason reason);

    void frameTooLarge();

    void slowSocketClosed();

    void idleSocketClosed();

    void originRejected();

    void peersSwept(int count);
}
