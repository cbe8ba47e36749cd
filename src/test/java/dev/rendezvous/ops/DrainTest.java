package dev.rendezvous.ops;

import dev.rendezvous.cluster.ClusterNode;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.OutboundSink;
import dev.rendezvous.tracker.RoomRegistry;
import dev.rendezvous.tracker.SocketCloser;
import dev.rendezvous.tracker.TestClosers;
import dev.rendezvous.tracker.TrackerService;
import dev.rendezvous.tracker.wire.OutboundMessage;
import dev.rendezvous.turn.TurnService;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainTest {

    /**
     * SIGTERM starts the drain on the hook's thread, and Liberty stops the application about a second later, which
     * ends the closer's threads: the application's stop must wait for the hook's closes, or the sockets not yet
     * closed drop with the process (DrainIT saw 1006 on a busy CI machine).
     */
    @Test
    void theApplicationsStopWaitsForTheClosesOfADrainUnderWay() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch clientAnswers = new CountDownLatch(1);
        Drain drain = drainOf(() -> {
            closing.countDown();
            await(clientAnswers);
        });
        drain.onSigterm(null);

        Thread hook = new Thread(drain::drainNow, "hook");
        hook.start();
        assertTrue(closing.await(5, TimeUnit.SECONDS), "the hook's drain is closing a socket");

        CountDownLatch stopped = new CountDownLatch(1);
        Thread applicationStop = new Thread(() -> {
            drain.onStop(null);
            stopped.countDown();
        }, "application stop");
        applicationStop.start();
        assertFalse(stopped.await(500, TimeUnit.MILLISECONDS), "the stop went on while a close was under way");

        clientAnswers.countDown();
        assertTrue(stopped.await(5, TimeUnit.SECONDS), "the stop goes on once the closes are done");
        hook.join(5_000);
        TestClosers.stop(drain.closer);
    }

    @Test
    void aSecondDrainReturnsAtOnceWhenTheFirstIsDone() throws Exception {
        Drain drain = drainOf(() -> { });
        drain.onSigterm(null);
        drain.drainNow();
        long started = System.nanoTime();
        drain.onStop(null);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1_000);
        assertTrue(drain.draining());
        TestClosers.stop(drain.closer);
    }

    /** A node with one open tracker socket whose close runs {@code close} on the closer's threads. */
    private static Drain drainOf(Runnable close) {
        Drain drain = new Drain();
        drain.closer = TestClosers.started();
        drain.tracker = new TrackerService(TrackerSettings.read(key -> Optional.empty()), new RoomRegistry(),
                new UnpublishedTrackerMetrics());
        drain.turn = new TurnService();
        drain.cluster = new ClusterNode();
        drain.tracker.open(new ClosingSink(drain.closer, close), false, System.nanoTime());
        return drain;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record ClosingSink(SocketCloser closer, Runnable close) implements OutboundSink {
        @Override
        public void send(OutboundMessage message) {
        }

        @Override
        public void sendText(String frame) {
        }

        @Override
        public void closeIdle() {
        }

        @Override
        public void closeGoingAway() {
            closer.execute(close);
        }

        @Override
        public void closeKicked() {
        }
    }
}
