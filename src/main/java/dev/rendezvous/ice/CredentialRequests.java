package dev.rendezvous.ice;

import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.config.LiveSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/** The per-client-address limit on credential requests, so that credentials cannot be farmed. */
@ApplicationScoped
public class CredentialRequests {
    private final SourceLimiter limiter;

    @Inject
    public CredentialRequests(LiveSettings live) {
        this.limiter = new SourceLimiter(() -> live.current().ice().requestsPerMinute(), TimeUnit.MINUTES.toNanos(1),
                100_000, address -> { });
    }

    /** CDI's proxy needs this. */
    protected CredentialRequests() {
        this.limiter = null;
    }

    /** Counts a request from {@code address}; false when that address is over its limit. */
    public boolean admit(String address) {
        long now = System.nanoTime();
        if (limiter.blocked(address, now)) {
            return false;
        }
        limiter.count(address, now);
        return true;
    }
}
