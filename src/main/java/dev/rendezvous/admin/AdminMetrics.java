package dev.rendezvous.admin;

/** What the admin API counts. The server's implementation feeds MicroProfile Metrics where the server has it. */
public interface AdminMetrics {
    /** A request to /admin without a valid token (or refused for too many of those). */
    void accessDenied();

    /** Events a slow subscriber lost. */
    void eventsDropped(long count);
}
