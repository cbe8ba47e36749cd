package dev.rendezvous.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceLimiterTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void blocksASourcePastItsLimitUntilTheWindowEnds() {
        SourceLimiter limiter = new SourceLimiter(3, MINUTE, 100);
        for (int i = 0; i < 3; i++) {
            assertFalse(limiter.blocked("udp/192.0.2.1", 0));
            limiter.count("udp/192.0.2.1", 0);
        }
        assertTrue(limiter.blocked("udp/192.0.2.1", 1));
        assertFalse(limiter.blocked("udp/192.0.2.2", 1), "other sources are not affected");
        assertFalse(limiter.blocked("udp/192.0.2.1", MINUTE), "a new window");
    }

    @Test
    void theTableStaysBounded() {
        SourceLimiter limiter = new SourceLimiter(1, MINUTE, 10);
        for (int i = 0; i < 1000; i++) {
            limiter.count("udp/198.51.100." + i, 0);
        }
        limiter.count("udp/192.0.2.9", 0);
        assertTrue(limiter.blocked("udp/192.0.2.9", 0), "still counts after the table was cleared");
    }
}
