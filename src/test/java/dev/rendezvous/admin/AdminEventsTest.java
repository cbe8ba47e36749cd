package dev.rendezvous.admin;

import dev.rendezvous.config.AdminSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscribers' queues: bounded, never blocking the publisher, and counting what a slow subscriber lost. */
class AdminEventsTest {
    private final AtomicLong droppedMetric = new AtomicLong();

    private AdminEvents events(int queue, int subscribers) {
        AdminEvents events = new AdminEvents();
        events.settings = new AdminSettings(List.of("a-token-of-sixteen-chars"), 10, subscribers, queue, 2000);
        events.metrics = new AdminMetrics() {
            @Override
            public void accessDenied() {
            }

            @Override
            public void eventsDropped(long count) {
                droppedMetric.addAndGet(count);
            }
        };
        return events;
    }

    private static AdminEvent event(int n) {
        return new AdminEvent("peer-joined", "node", "t", "", Integer.toString(n), "", "");
    }

    @Test
    void aSlowSubscriberLosesWhatItsQueueCannotHoldAndIsToldHowMany() throws Exception {
        AdminEvents events = events(10, 4);
        AdminEvents.Subscriber slow = events.subscribe();
        AdminEvents.Subscriber fast = events.subscribe();
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            events.deliver(event(i));
            if (i % 10 == 9) {
                while (fast.next(0) != null) {
                    // the fast subscriber keeps up
                }
                assertEquals(0, fast.takeDropped());
            }
        }
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "publishing never waited for the slow subscriber");
        assertEquals(9_990, slow.takeDropped());
        assertEquals(0, slow.takeDropped(), "told once");
        assertEquals(9_990, droppedMetric.get());
        for (int i = 0; i < 10; i++) {
            assertEquals(Integer.toString(i), slow.next(0).peerId(), "it keeps the oldest, in order");
        }
        assertNull(slow.next(0));
    }

    @Test
    void subscribersAreBounded() {
        AdminEvents events = events(10, 2);
        AdminEvents.Subscriber first = events.subscribe();
        events.subscribe();
        assertNull(events.subscribe());
        first.close();
        assertTrue(events.subscribe() != null, "a place freed");
    }
}
