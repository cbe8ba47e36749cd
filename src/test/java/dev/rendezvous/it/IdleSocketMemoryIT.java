package dev.rendezvous.it;

import dev.rendezvous.bench.IdleSockets;
import dev.rendezvous.bench.LiveMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the line on the live memory an idle tracker socket costs. A server of its own (so that nothing else grows
 * its heap) takes a few thousand sockets that announce once and go quiet, as most clients of a public tracker are
 * between announces; the live heap (a class histogram after a full collection, read with jcmd) must not grow by
 * more than {@link #MAX_HEAP_PER_SOCKET} bytes per socket. Live objects do not depend on how busy the machine is.
 * <p>
 * The bound: before the HTTP session per socket was cut, a socket cost 20.8 to 21.3 KB (5,000 to 19,000 sockets);
 * after, 19.1 to 19.4 KB. Liberty's own floor is close below: the WebSocket's pending read holds an 8 KiB heap
 * buffer, and the upgrade request's HTTP objects stay for the socket's life (docs/benchmarks-findings.md).
 */
class IdleSocketMemoryIT {
    private static final int SOCKETS = 4_000;
    private static final long MAX_HEAP_PER_SOCKET = 20_200;
    private static LibertyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LibertyServer.named("rendezvousMemoryIT")
                .property("rendezvous.turn.enabled", false)
                // every socket comes from 127.0.0.1
                .property("rendezvous.tracker.max-sockets-per-address", 100_000)
                .build().start().awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anIdleSocketCostsLessLiveHeapThanTheBound() throws Exception {
        long pid = server.pid();
        // The first sockets load classes and fill pools and caches: not what a socket costs.
        try (IdleSockets warm = IdleSockets.open("127.0.0.1", server.httpPort(), "/announce", 200, true, 60_000)) {
            assertEquals(200, warm.answered(), "warm-up: " + warm.firstFailure());
        }
        Thread.sleep(2_000);
        LiveMemory before = LiveMemory.of(pid);
        try (IdleSockets idle = IdleSockets.open("127.0.0.1", server.httpPort(), "/announce", SOCKETS, true, 120_000)) {
            assertEquals(SOCKETS, idle.answered(), "every socket's announce answered: " + idle.firstFailure());
            Thread.sleep(2_000);
            LiveMemory after = LiveMemory.of(pid);
            assertEquals(SOCKETS, idle.countOpen(), "all sockets still open: " + idle.firstFailure());
            double perSocket = (after.liveHeapBytes() - before.liveHeapBytes()) / (double) SOCKETS;
            assertTrue(perSocket <= MAX_HEAP_PER_SOCKET, String.format(
                    "live heap per idle socket %.0f B, over the bound of %d B; what grew, per socket:%n%s", perSocket,
                    MAX_HEAP_PER_SOCKET, String.join("\n", after.growthPerSocket(before, SOCKETS, 15))));
            System.out.printf("IdleSocketMemoryIT: %,d idle sockets, live heap %,d -> %,d B: %.0f B per socket%n", SOCKETS,
                    before.liveHeapBytes(), after.liveHeapBytes(), perSocket);
        }
    }
}
