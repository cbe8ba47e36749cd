package dev.rendezvous.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed authentications per source address in fixed windows, and refuses a source that failed too often.
 * The table is bounded: when full it is cleared, so spoofed sources cannot make it grow.
 */
public final class FailureLimiter {
    private final int maxFailures;
    private final long windowNanos;
    private final int maxSources;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startNanos, AtomicInteger failures) {
    }

    public FailureLimiter(int maxFailures, long windowNanos, int maxSources) {
        this.maxFailures = maxFailures;
        this.windowNanos = windowNanos;
        this.maxSources = maxSources;
    }

    public boolean blocked(String source, long nowNanos) {
        Window window = windows.get(source);
        return window != null && nowNanos - window.startNanos < windowNanos && window.failures.get() >= maxFailures;
    }

    public void failed(String source, long nowNanos) {
        if (windows.size() >= maxSources) {
            windows.clear();
        }
        Window window = windows.compute(source, (k, w) ->
                w == null || nowNanos - w.startNanos >= windowNanos ? new Window(nowNanos, new AtomicInteger()) : w);
        window.failures.incrementAndGet();
    }
}
