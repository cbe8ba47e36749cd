package dev.rendezvous.tracker;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.config.AbuseLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketLimitsTest {
    private final AtomicReference<AbuseLimits> limits = new AtomicReference<>(new AbuseLimits(50, 100, 2, 6000, 10));
    private final List<LimitHit> hits = new ArrayList<>();
    private final SocketLimits socketLimits = new SocketLimits(limits::get, hits::add);

    @Test
    void socketsPerAddressAreCountedAndTheLimitIsReadPerHandshake() {
        assertTrue(socketLimits.open("192.0.2.1"));
        assertTrue(socketLimits.open("192.0.2.1"));
        assertFalse(socketLimits.open("192.0.2.1"));
        assertTrue(socketLimits.open("192.0.2.2"), "per address");
        assertEquals(2, socketLimits.sockets("192.0.2.1"));
        assertEquals(List.of(AbuseLimits.SOCKETS_PER_ADDRESS), hits.stream().map(LimitHit::limit).toList());
        socketLimits.closed("192.0.2.1");
        assertTrue(socketLimits.open("192.0.2.1"));
        limits.set(new AbuseLimits(50, 100, 3, 6000, 10));
        assertTrue(socketLimits.open("192.0.2.1"), "raised live");
        socketLimits.closed("192.0.2.1");
        socketLimits.closed("192.0.2.1");
        socketLimits.closed("192.0.2.1");
        assertEquals(0, socketLimits.sockets("192.0.2.1"));
        assertTrue(socketLimits.open(null), "an unknown address is not limited");
    }

    @Test
    void aFloodIsReportedOnceWhenRefusedAndOnceWhenClosed() {
        MessageBudget budget = new MessageBudget();
        int frames = 0;
        while (socketLimits.take(budget, 1_000_000_000L, "192.0.2.3") != MessageBudget.Verdict.CLOSE) {
            frames++;
        }
        for (int i = 0; i < 100; i++) {
            socketLimits.take(budget, 1_000_000_000L, "192.0.2.3");
        }
        assertEquals(199, frames);
        assertEquals(List.of("refused", "closed"), hits.stream().map(LimitHit::action).toList());
    }
}
