package dev.rendezvous.tracker;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** A {@link SocketCloser} on plain threads, for tests outside this package, as the container would start it. */
public final class TestClosers {
    private TestClosers() {
    }

    public static SocketCloser started() {
        SocketCloser closer = new SocketCloser();
        closer.threadFactory = new PlainThreads();
        closer.start(null);
        return closer;
    }

    public static void stop(SocketCloser closer) {
        closer.stop();
    }

    private static final class PlainThreads implements ManagedThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "closer");
            thread.setDaemon(true);
            return thread;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        }
    }
}
