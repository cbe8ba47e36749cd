package dev.rendezvous.auth;

/** Told each time an abuse limit stops a client. Called on the thread that hit the limit: must not block. */
@FunctionalInterface
public interface LimitListener {
    LimitListener NONE = hit -> { };

    void limited(LimitHit hit);
}
