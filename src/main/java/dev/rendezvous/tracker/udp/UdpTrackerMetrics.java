package dev.rendezvous.tracker.udp;

import dev.rendezvous.tracker.wire.FailureReason;

/** What the UDP tracker counts. The server's implementation feeds MicroProfile Metrics where the server has it. */
public interface UdpTrackerMetrics {
    /**
     * This object. Called through a CDI client proxy, it returns the bean instance behind the proxy, which the packet
     * path then calls directly.
     */
    default UdpTrackerMetrics instance() {
        return this;
    }

    /** A packet of 16 bytes or more, by its action field. */
    void request(UdpAction action);

    /** A request answered with an error the front-end chose. */
    void refused(UdpRefusal reason);

    /** An announce or scrape the swarm registry refused (bans, the access list ...), answered with an error. */
    void failed(FailureReason reason);

    /** A packet that got no answer. */
    void dropped(UdpDrop reason);
}
