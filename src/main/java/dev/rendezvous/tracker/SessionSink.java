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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Outbound frames for one WebSocket session: a bounded queue of encoded frames with at most one async send in
 * flight (Liberty collapses when several async sends are pending on one session). Sending a pre-encoded text,
 * rather than an object through a registered Encoder, measured about 20 % more announces per second. Any thread
 * may enqueue without blocking; a socket whose queue fills up reads too slowly and is closed, so it can neither
 * hold memory nor stall the peers that send to it. (Liberty's blocking basic remote is not used: see
 * docs/benchmarks-findings.md.)
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
        queue.offer(OutboundEncoder.text(message)); // encoded on the sender's thread, not in the container's write path
        drain();
    }

    private void drain() {
        while (sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next != null) {
                try {
                    session.getAsyncRemote().sendText(next, this);
                } catch (RuntimeException closed) {
                    onResult(new SendResult(closed));
                }
                return;
            }
            sending.set(false);
            // A message enqueued between poll() and set(false) would be stranded without this re-check.
            if (queue.isEmpty()) {
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
