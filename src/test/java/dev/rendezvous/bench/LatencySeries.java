package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's latency over time, per 10 ms of send time: the messages, those later than 2 ms, and the largest latency.
 * It tells a tail spread over the whole run from one that comes in episodes (see turn-tails.sh). Not thread-safe: one
 * thread records at a time.
 */
final class LatencySeries {
    private static final long SLOT_NANOS = 10_000_000L;
    private static final long LATE_NANOS = 2_000_000L;

    private final long start;
    private final int[] messages;
    private final int[] late;
    private final int[] maxMicros;

    /** Slots for {@code nanos} of send time from {@code start} ({@link System#nanoTime()}). */
    LatencySeries(long start, long nanos) {
        this.start = start;
        int slots = (int) (nanos / SLOT_NANOS) + 1;
        messages = new int[slots];
        late = new int[slots];
        maxMicros = new int[slots];
    }

    /** One message sent at {@code sentNanos} (within the span), {@code latencyNanos} on its way. */
    void record(long sentNanos, long latencyNanos) {
        int slot = (int) ((sentNanos - start) / SLOT_NANOS);
        messages[slot]++;
        if (latencyNanos > LATE_NANOS) {
            late[slot]++;
        }
        maxMicros[slot] = (int) Math.max(maxMicros[slot], latencyNanos / 1000);
    }

    /** A header with the span's start (nanoTime, for lining it up with other clocks' records), then a line per slot. */
    void writeTo(Path file) throws IOException {
        StringBuilder lines = new StringBuilder("# windowStart " + start + "\nms messages late2ms maxUs\n");
        for (int i = 0; i < messages.length; i++) {
            lines.append(i * 10).append(' ').append(messages[i]).append(' ').append(late[i]).append(' ')
                    .append(maxMicros[i]).append('\n');
        }
        Files.writeString(file, lines);
    }
}
