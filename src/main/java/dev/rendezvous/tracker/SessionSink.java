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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * timeout, on the {@code closer}'s bounded pool.
 */
final class SessionSink implements OutboundSink, SendHandler {
    private static final Logger LOG = Logger.getLogger(SessionSink.class.getName());
    static final CloseReason SLOW_READER =
            new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "slow reader: outbound queue full");
    static final CloseReason IDLE = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout");
    static final CloseReason KICKED_BY_OPERATOR = new CloseReason(CloseReason.CloseCodes.getCloseCode(KICKED), "kicked");
    static final CloseReason SHUTDOWN = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");

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

    void closeTooBig(int maxBytes) {
        close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message over " + maxBytes + " bytes"));
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
