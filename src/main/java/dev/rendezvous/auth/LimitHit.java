package dev.rendezvous.auth;

import java.time.Instant;

/**
 * One time an abuse limit stopped a client, for metrics and admin events.
 *
 * @param limit   the key of the limit, e.g. {@code rendezvous.tracker.max-messages-per-second}
 * @param address the client address (after trusted proxies), or empty when unknown
 * @param action  what was done: {@code refused}, {@code closed}, {@code dropped}
 */
public record LimitHit(String limit, String address, String action, Instant time) {
    public static LimitHit now(String limit, String address, String action) {
        return new LimitHit(limit, address == null ? "" : address, action, Instant.now());
    }
}
