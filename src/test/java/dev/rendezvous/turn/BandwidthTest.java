package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandwidthTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsOneSecondOfBurstThenTheSustainedRate() {
        Bandwidth bandwidth = new Bandwidth(8_000, 0); // 1,000 bytes per second
        assertTrue(bandwidth.take(600, 0));
        assertTrue(bandwidth.take(400, 0));
        assertFalse(bandwidth.take(1, 0), "the burst is spent");
        assertFalse(bandwidth.take(200, SECOND / 10), "0.1 s refills 100 bytes only");
        assertTrue(bandwidth.take(100, SECOND / 10 + 1));
        assertTrue(bandwidth.take(1000, 10 * SECOND), "refills up to the burst, not beyond");
        assertFalse(bandwidth.take(1, 10 * SECOND));
    }
}
