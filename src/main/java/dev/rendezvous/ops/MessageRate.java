package dev.rendezvous.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/** Frames received per second, averaged over the window since it was last read (at least one second). */
@ApplicationScoped
public class MessageRate {
    private static final long MIN_WINDOW = TimeUnit.SECONDS.toNanos(1);
    private final long startedNanos = System.nanoTime();

    @Inject
    ReceivedFrames frames;

    private long sampleNanos = startedNanos;
    private long sampleFrames;
    private double perSecond;

    public synchronized double perSecond() {
        long now = System.nanoTime();
        if (now - sampleNanos >= MIN_WINDOW) {
            long total = frames.total();
            perSecond = (total - sampleFrames) * 1e9 / (now - sampleNanos);
            sampleFrames = total;
            sampleNanos = now;
        }
        return perSecond;
    }

    public long uptimeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
