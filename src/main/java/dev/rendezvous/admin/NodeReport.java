package dev.rendezvous.admin;

/**
 * One node as the operator sees it.
 *
 * @param engine   {@code single} (no cluster), {@code connected} or {@code disconnected} (Redis)
 * @param started  when its process started, ISO-8601
 * @param lastReload the outcome of its last reload of its live settings (its start-up read until the first)
 */
public record NodeReport(String id, String version, String started, long uptimeSeconds, int sockets, int rooms,
                         int peers, int allocations, String engine, boolean draining,
                         ReloadReport lastReload) {
}
