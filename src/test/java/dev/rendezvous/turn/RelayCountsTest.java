package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayCountsTest {
    private final CountingTurnMetrics metrics = new CountingTurnMetrics();

    @Test
    void sumsReachTheMetricsOnlyWhenAFlushIsDue() {
        RelayCounts counts = new RelayCounts();
        long start = System.nanoTime();
        counts.toPeer(100);
        counts.toPeer(50);
        counts.toClient(10);
        assertTrue(counts.pending());

        counts.flushIfDue(metrics, start + RelayCounts.FLUSH_NANOS / 2);
        assertEquals(0, metrics.toPeer, "not yet due");

        counts.flushIfDue(metrics, start + RelayCounts.FLUSH_NANOS + 1);
        assertEquals(2, metrics.toPeer);
        assertEquals(150, metrics.bytesToPeer);
        assertEquals(1, metrics.toClient);
        assertEquals(10, metrics.bytesToClient);
        assertFalse(counts.pending(), "the sums start again from zero");

        counts.flushIfDue(metrics, start + 3 * RelayCounts.FLUSH_NANOS);
        assertEquals(2, metrics.toPeer, "nothing counted twice");
    }
}
