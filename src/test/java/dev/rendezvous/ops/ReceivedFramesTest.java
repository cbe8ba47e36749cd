package dev.rendezvous.ops;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReceivedFramesTest {

    @Test
    void framesAddedFromManyThreadsAreAllCounted() throws InterruptedException {
        ReceivedFrames frames = new ReceivedFrames();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    frames.add();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40_000, frames.total());
    }

    @Test
    void withoutMicroProfileMetricsFramesAreStillCountedForTheStatistics() {
        UnpublishedTrackerMetrics metrics = new UnpublishedTrackerMetrics();
        metrics.frames = new ReceivedFrames();
        metrics.frameReceived();
        metrics.announce();
        metrics.frameReceived();
        assertEquals(2, metrics.frames.total());
    }
}
