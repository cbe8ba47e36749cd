package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundEncoder;
import dev.rendezvous.tracker.wire.OutboundMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Outbound frames for one WebSocket session. A frame for the client whose message is being handled, sent on that
 * session's own thread while nothing else is pending, is written at once through the basic remote: on Liberty that
 * is over twice as fast as an async send, whose completion hops threads. Every other frame (offers and answers
 * from other sockets' threads) goes through a bounded queue with at most one async send in flight (Liberty
 * collapses when several are pending on one session). A socket whose queue fills up reads too slowly and is
 * closed; so is one whose own direct write waits on it past a limit ({@link #closeIfStuck}, checked every
 * 250 ms), and a write that took over 200 ms sends the client's frames the async way for 5 s. So a client that
 * stops reading holds no memory, holds its own thread for about 5 s at most, and never holds another's.
 */
final class SessionSink implements OutboundSink, SendHandler {
    private static final Logger LOG = Logger.getLogger(SessionSink.class.getName());
    static final CloseReason SLOW_READER =
            new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "slow reader: outbound queue full");
    static final CloseReason IDLE = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout");
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    private final Session session;
    private final int capacity;
    private final Runnable onSlowReader;
    private final Executor closer;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The thread handling this session's incoming message, or null. */
    private volatile Thread receiver;
    /** Frames one thread sends directly per drain before it hands over to an async send. */
    private static final int DIRECT_SENDS = 64;
    /** When the direct send now in progress started, or 0. */
    private volatile long blockedSince;
    /** Until then, this client was recently slow to take a frame: nobody writes to it directly. */
    private volatile long congestedUntil = System.nanoTime();
    private static final long SLOW_SEND_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long CONGESTED_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** @param closer runs the close of a slow session, which may block on its full socket buffer */
    SessionSink(Session session, int capacity, Runnable onSlowReader, Executor closer) {
        this.session = session;
        this.capacity = capacity;
        this.onSlowReader = onSlowReader;
        this.closer = closer;
    }

    @Override
    public void send(OutboundMessage message) {
        if (closing.get()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            closeSlowReader();
            return;
        }
        queue.offer(OutboundEncoder.text(message));
        drain();
    }

    /** Marks the thread that is handling this session's incoming message, or null when it is done. */
    void receiving(Thread thread) {
        receiver = thread;
    }

    /**
     * Sends what is queued, one frame at a time, by whichever thread holds {@code sending}. The session's own
     * thread writes directly, up to {@link #DIRECT_SENDS} frames per call; any other thread, and the own thread
     * past that budget, hands over to one async send, whose completion carries on. (Another socket's thread never
     * writes directly: on Liberty a blocked write cannot be interrupted by closing its session, so it would hang
     * that thread for as long as this client does not read.)
     */
    private void drain() {
        int budget = DIRECT_SENDS;
        while (sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next == null) {
                sending.set(false);
                // A frame queued between poll() and set(false) would be stranded without this re-check.
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            if (Thread.currentThread() == receiver && budget-- > 0 && System.nanoTime() - congestedUntil > 0) {
                sendDirect(next);
            } else {
                try {
                    session.getAsyncRemote().sendText(next, this);
                } catch (RuntimeException closed) {
                    onResult(new SendResult(closed));
                }
                return;
            }
        }
    }

    private void sendDirect(String text) {
        long start = System.nanoTime();
        blockedSince = start | 1; // never 0 while sending
        try {
            session.getBasicRemote().sendText(text);
            long took = System.nanoTime() - start;
            if (took > SLOW_SEND_NANOS) {
                congestedUntil = start + took + CONGESTED_NANOS;
            }
        } catch (IOException | RuntimeException closed) {
            LOG.log(Level.FINE, "send failed on session {0}: {1}", new Object[]{session.getId(), closed});
            closing.set(true);
            queue.clear();
        } finally {
            blockedSince = 0;
            queued.decrementAndGet();
            sending.set(false);
        }
    }

    @Override
    public boolean closeIfStuck(long nowNanos, long limitNanos) {
        long since = blockedSince;
        if (since != 0 && nowNanos - since > limitNanos && close(SLOW_READER)) {
            onSlowReader.run();
            return true;
        }
        return false;
    }

    @Override
    public void onResult(SendResult result) {
        queued.decrementAndGet();
        sending.set(false);
        if (!result.isOK()) {
            LOG.log(Level.FINE, "send failed on session {0}: {1}", new Object[]{session.getId(), result.getException()});
            closing.set(true);
            queue.clear();
            return;
        }
        drain();
    }

    @Override
    public void ping() {
        if (closing.get() || sending.get()) {
            return; // a frame is on its way; the client's reply to it, or its next frame, will do
        }
        closer.execute(() -> {
            try {
                session.getAsyncRemote().sendPing(NO_PAYLOAD.duplicate());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "ping on session {0} failed: {1}", new Object[]{session.getId(), e});
            }
        });
    }

    @Override
    public void closeIdle() {
        close(IDLE);
    }

    private void closeSlowReader() {
        if (close(SLOW_READER)) {
            onSlowReader.run();
        }
    }

    private boolean close(CloseReason reason) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        queue.clear();
        closer.execute(() -> {
            try {
                session.close(reason);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing session {0} failed: {1}", new Object[]{session.getId(), e});
            }
        });
        return true;
    }
}
