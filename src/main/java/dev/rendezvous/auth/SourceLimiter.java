package dev.rendezvous.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts events per source address in fixed windows (failed authentications, credential requests) and blocks a
 * source that has had too many. The table is bounded: when full it is cleared, so spoofed sources cannot make it
 * grow.
 */
public final class SourceLimiter {
    private final int maxEvents;
    private final long windowNanos;
    private final int maxSources;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startNanos, AtomicInteger events) {
    }

    public SourceLimiter(int maxEvents, long windowNanos, int maxSources) {
        this.maxEvents = maxEvents;
        this.windowNanos = windowNanos;
        this.maxSources = maxSources;
    }

    public boolean blocked(String source, long nowNanos) {
        Window window = windows.get(source);
        return window != null && nowNanos - window.startNanos < windowNanos && window.events.get() >= maxEvents;
    }

    /** Counts one event of {@code source}. */
    public void count(String source, long nowNanos) {
        if (windows.size() >= maxSources) {
            windows.clear();
        }
        Window window = windows.compute(source, (k, w) ->
                w == null || nowNanos - w.startNanos >= windowNanos ? new Window(nowNanos, new AtomicInteger()) : w);
        window.events.incrementAndGet();
    }
}
