package dev.rendezvous.ops;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.LongAdder;

/**
 * Tracker frames received since start, behind {@code /stats.json}'s messages per second. Kept apart from the
 * metrics recorders so that the figure is there whichever recorder the server can run.
 */
@ApplicationScoped
public class ReceivedFrames {
    private final LongAdder frames = new LongAdder();

    public void add() {
        frames.increment();
    }

    public long total() {
        return frames.sum();
    }
}
