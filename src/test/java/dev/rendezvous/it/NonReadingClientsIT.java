package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that join busy rooms and then never read must not cost the server threads. A server of its own (so that
 * its thread count is this test's alone) takes 240 such clients: half flood announces whose responses they never
 * read (closed as slow readers when their queue fills), half go quiet after their first announce while offers
 * pile up behind their full buffers (closed when a send times out, or when idle). The server's thread count, read
 * from /proc, must come back to what it was before they came.
 */
class NonReadingClientsIT {
    private static final int NON_READERS = 240;
    private static final int ROOMS = 4;
    private static LibertyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LibertyServer.named("rendezvousThreadsIT")
                .property("rendezvous.tracker.announce-interval", 2)
                .property("rendezvous.tracker.peer-timeout", 4)
                .property("rendezvous.tracker.idle-timeout", 3)
                .property("rendezvous.tracker.send-timeout", 2)
                .property("rendezvous.turn.enabled", false)
                .build().start().awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nonReadingClientsLeaveNoThreadsBehind() throws Exception {
        long pid = server.pid();
        LongSupplier threads = () -> threadsOf(pid);
        String[] rooms = new String[ROOMS];
        for (int r = 0; r < ROOMS; r++) {
            rooms[r] = id("busy" + r);
        }
        chatter(rooms, Duration.ofSeconds(3)); // warm up every path the load takes
        Thread.sleep(5_000);
        long baseline = threads.getAsLong();

        List<NonReadingClient> nonReaders = new ArrayList<>();
        long peak = baseline;
        try {
            for (int i = 0; i < NON_READERS; i++) {
                nonReaders.add(new NonReadingClient(server.httpPort(), rooms[i % ROOMS], id("nr" + i), i % 2 == 0));
            }
            ExecutorService load = Executors.newSingleThreadExecutor();
            var chatter = load.submit(() -> chatter(rooms, Duration.ofSeconds(10)));
            while (!chatter.isDone()) {
                peak = Math.max(peak, threads.getAsLong());
                Thread.sleep(200);
            }
            chatter.get();
            load.shutdown();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (openSockets() > 0 && System.nanoTime() < deadline) {
                peak = Math.max(peak, threads.getAsLong());
                Thread.sleep(500);
            }
            assertEquals(0, openSockets(), "the server closed every client that stopped reading");
        } finally {
            for (NonReadingClient client : nonReaders) {
                client.close();
            }
        }
        double closed = metric("rendezvous_tracker_sockets_slow_closed_total") + metric("rendezvous_tracker_sockets_idle_closed_total");
        assertTrue(closed >= NON_READERS, "closed as slow or idle: " + closed);

        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        long now = threads.getAsLong();
        while (now > baseline && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            now = threads.getAsLong();
        }
        System.out.printf("NonReadingClientsIT: threads baseline %d, peak %d, after %d%n", baseline, peak, now);
        assertTrue(now <= baseline, "threads: baseline " + baseline + ", peak " + peak + ", after " + now);
    }

    /** Peers that read: each announces with offers into every busy room, over and over, for {@code length}. */
    private static Void chatter(String[] rooms, Duration length) throws InterruptedException {
        List<WsClient> talkers = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * rooms.length; i++) {
                talkers.add(WsClient.open(server.ws() + "/announce"));
            }
            long end = System.nanoTime() + length.toNanos();
            int round = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < talkers.size(); i++) {
                    String room = rooms[i % rooms.length];
                    talkers.get(i).send(announce(room, id("talk" + i), offers("o" + round + "-" + i, "o" + round + "+" + i,
                            "o" + round + "*" + i, "o" + round + "/" + i, "o" + round + "=" + i)));
                }
                for (WsClient talker : talkers) {
                    talker.drain();
                }
                round++;
                Thread.sleep(50);
            }
        } finally {
            talkers.forEach(WsClient::close);
        }
        return null;
    }

    private static int openSockets() {
        return (int) metric("rendezvous_tracker_sockets");
    }

    private static double metric(String name) {
        return Server.metricOf(server.http(), name, "");
    }

    private static long threadsOf(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("Threads:"))
                    .mapToLong(line -> Long.parseLong(line.substring("Threads:".length()).trim()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the server's thread count", e);
        }
    }
}
