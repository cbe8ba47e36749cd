package dev.rendezvous.tracker;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where tracker sockets are closed. Closing writes a close frame and, on Liberty, waits for a client that does
 * not read for several seconds (bounded). A fixed, small pool of the container's managed threads does it, so that
 * however many clients stop reading at once, they cost at most {@link #THREADS} threads.
 */
@ApplicationScoped
public class SocketCloser implements Executor {
    static final int THREADS = 8;

    @Resource
    ManagedThreadFactory threadFactory;

    private ThreadPoolExecutor pool;

    /** At start-up, not on first use: the threads are part of the server's baseline, and exist before any drain. */
    void start(@Observes Startup startup) {
        pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
        // Started now and kept: a managed thread asked for while the server stops may not start until the stop has
        // dropped the connections, and a drain's close frames must go out before that.
        pool.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable close) {
        pool.execute(close);
    }

    /** Waits, at most {@code limit}, until every close handed over so far has finished; false if some have not. */
    public boolean awaitQuiet(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pool.getActiveCount() > 0 || !pool.getQueue().isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
