package dev.rendezvous.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Counts events per source address in fixed windows (failed authentications, challenges, credential requests) and
 * blocks a source that has had too many. The limit is read per use, so it can change live. The table is bounded:
 * when full it is cleared, so spoofed sources cannot make it grow.
 */
public final class SourceLimiter {
    /** Never blocks. */
    public static final SourceLimiter UNLIMITED = new SourceLimiter(Integer.MAX_VALUE, 1, 1);

    private final IntSupplier maxEvents;
    private final long windowNanos;
    private final int maxSources;
    private final Consumer<String> onBlocked;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startNanos, AtomicInteger events) {
    }

    public SourceLimiter(int maxEvents, long windowNanos, int maxSources) {
        this(() -> maxEvents, windowNanos, maxSources, source -> { });
    }

    /** @param onBlocked told the source that has just reached the limit, once per window */
    public SourceLimiter(IntSupplier maxEvents, long windowNanos, int maxSources, Consumer<String> onBlocked) {
        this.maxEvents = maxEvents;
        this.windowNanos = windowNanos;
        this.maxSources = maxSources;
        this.onBlocked = onBlocked;
    }

    public boolean blocked(String source, long nowNanos) {
        if (this == UNLIMITED) {
            return false;
        }
        Window window = windows.get(source);
        return window != null && nowNanos - window.startNanos < windowNanos && window.events.get() >= maxEvents.getAsInt();
    }

    /** Counts one event of {@code source}. */
    public void count(String source, long nowNanos) {
        if (this == UNLIMITED) {
            return;
        }
        if (windows.size() >= maxSources) {
            windows.clear();
        }
        Window window = windows.compute(source, (k, w) ->
                w == null || nowNanos - w.startNanos >= windowNanos ? new Window(nowNanos, new AtomicInteger()) : w);
        if (window.events.incrementAndGet() == maxEvents.getAsInt()) {
            onBlocked.accept(source);
        }
    }
}
