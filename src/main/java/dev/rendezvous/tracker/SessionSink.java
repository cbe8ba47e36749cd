package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundEncoder;
import dev.rendezvous.tracker.wire.OutboundMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Outbound frames for one WebSocket session: a bounded queue of encoded frames with at most one async send in
 * flight (Liberty collapses when several async sends are pending on one session). Any thread may enqueue without
 * blocking. A socket whose queue fills up, or whose send does not complete within the send timeout, reads too
 * slowly and is closed, so it can neither hold memory nor stall the peers that send to it.
 * <p>
 * Nothing here writes synchronously: Liberty's pings and blocking sends write with no timeout, so a client that
 * stops reading would park the writing thread for good. Closing does write a close frame, but with a bounded
 * timeout, on the {@code closer}'s bounded pool; a close for what a client sent is written on the container's reading
 * thread instead ({@link #closeTooBig}).
 */
final class SessionSink implements OutboundSink, SendHandler {
    private static final Logger LOG = Logger.getLogger(SessionSink.class.getName());
    static final CloseReason SLOW_READER =
            new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "slow reader: outbound queue full");
    static final CloseReason IDLE = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout");
    static final CloseReason KICKED_BY_OPERATOR = new CloseReason(CloseReason.CloseCodes.getCloseCode(KICKED), "kicked");
    static final CloseReason SHUTDOWN = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");
    private static final long IN_FLIGHT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IN_FLIGHT_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final int capacity;
    private final Runnable onSlowReader;
    private final Executor closer;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * @param sendTimeoutMillis how long one frame may take to leave; a client that does not read for that long
     *                          while a frame waits is a slow reader
     * @param closer            runs closes, which wait (boundedly) for the client
     */
    SessionSink(Session session, int capacity, long sendTimeoutMillis, Runnable onSlowReader, Executor closer) {
        this.session = session;
        // One Async per session: Liberty's getAsyncRemote() is synchronized and allocates a wrapper per call.
        this.remote = session.getAsyncRemote();
        this.remote.setSendTimeout(sendTimeoutMillis);
        this.capacity = capacity;
        this.onSlowReader = onSlowReader;
        this.closer = closer;
    }

    @Override
    public void send(OutboundMessage message) {
        if (!closing.get()) {
            sendText(OutboundEncoder.text(message)); // encoded on the sender's thread, not in the container's write path
        }
    }

    @Override
    public void sendText(String frame) {
        if (closing.get()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            closeSlowReader();
            return;
        }
        queue.offer(frame);
        drain();
    }

    private void drain() {
        while (sending.compareAndSet(false, true)) {
            String next = closing.get() ? null : queue.poll();
            if (next != null) {
                try {
                    remote.sendText(next, this);
                } catch (RuntimeException closed) {
                    onResult(new SendResult(closed));
                }
                return;
            }
            sending.set(false);
            // A message enqueued between poll() and set(false) would be stranded without this re-check.
            if (queue.isEmpty() || closing.get()) {
                return;
            }
        }
    }

    @Override
    public void onResult(SendResult result) {
        queued.decrementAndGet();
        sending.set(false);
        if (!result.isOK()) {
            LOG.log(Level.FINE, "send failed on session {0}: {1}", new Object[]{session.getId(), result.getException()});
            if (session.isOpen()) {
                closeSlowReader(); // timed out: the frame may be half written, so the stream is no longer usable
            } else if (closing.compareAndSet(false, true)) {
                queue.clear();
            }
            return;
        }
        drain();
    }

    /** Whether a close has begun: nothing more is sent, and nothing more the client sends is served. */
    boolean closing() {
        return closing.get();
    }

    @Override
    public void closeIdle() {
        close(IDLE);
    }

    @Override
    public void closeGoingAway() {
        close(SHUTDOWN);
    }

    @Override
    public void closeKicked() {
        close(KICKED_BY_OPERATOR);
    }

    /** Closes with 1009 from a message handler, for a message over {@code maxBytes} ({@link #closeWhileReading}). */
    void closeTooBig(int maxBytes) {
        closeWhileReading(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message over " + maxBytes + " bytes"));
    }

    /** Closes with 1008 (policy violation) from a message handler: a limit on what the client sends. */
    void closePolicyWhileReading(String reason) {
        closeWhileReading(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, reason));
    }

    /** Closes with 1008 (policy violation): an abuse limit. */
    void closePolicy(String reason) {
        close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, reason));
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
        closer.execute(() -> closeSession(reason));
        return true;
    }

    /**
     * A close decided in a message handler, on the container's reading thread: written there, before the handler
     * returns. Liberty goes on reading the frames it has already received while a close from another thread is under
     * way; some of them (the rest of a fragmented message, a flood's next frames) make it drop the connection,
     * sometimes before that close frame is out, and the client then sees 1006 instead of the code. The close frame
     * waits behind a send in flight, so it is written here only once none is (a client that reads finishes one
     * within a millisecond); a client that has not taken its last frame in {@link #IN_FLIGHT_WAIT_NANOS} is closed
     * by the pool, which bounds the wait. Otherwise the thread waits at most for a client whose buffers are full
     * (Liberty's close-write timeout, 5.5 s).
     */
    private void closeWhileReading(CloseReason reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        if (noSendInFlightWithin(IN_FLIGHT_WAIT_NANOS)) {
            closeSession(reason);
        } else {
            closer.execute(() -> closeSession(reason));
        }
    }

    private boolean noSendInFlightWithin(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (sending.get()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(IN_FLIGHT_POLL_NANOS);
        }
        return true;
    }

    private void closeSession(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing session {0} failed: {1}", new Object[]{session.getId(), e});
        }
    }
}
