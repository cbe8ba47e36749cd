package dev.rendezvous.bench;

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The second baseline: an echo that sends the way the tracker must on Liberty, through the async remote with one
 * send in flight per session and the rest queued (a blocked basic-remote write can leak its thread, see
 * docs/benchmarks-findings.md). The gap between {@link EchoEndpoint} and this endpoint is the container's price
 * for a send that never blocks; the gap between this endpoint and the tracker is the tracker's own logic.
 */
@ServerEndpoint("/async")
public class AsyncEchoEndpoint implements SendHandler {
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private Session session;

    @OnOpen
    public void open(Session session) {
        this.session = session;
    }

    @OnMessage
    public void echo(String message) {
        queue.offer(message);
        drain();
    }

    /** The tracker's SessionSink.drain without its queue bound: the same send discipline, measured alone. */
    private void drain() {
        while (sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next != null) {
                session.getAsyncRemote().sendText(next, this);
                return;
            }
            sending.set(false);
            if (queue.isEmpty()) {
                return;
            }
        }
    }

    @Override
    public void onResult(SendResult result) {
        sending.set(false);
        if (result.isOK()) {
            drain();
        }
    }
}
