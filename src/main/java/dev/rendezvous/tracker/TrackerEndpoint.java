package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.InboundParser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One tracker WebSocket: a thin adapter that hands each message to {@link TrackerService}. Registered
 * programmatically ({@link TrackerEndpoints}) at the configured paths, one instance per connection.
 * <p>
 * A programmatic endpoint, not an annotated one, because only there does Liberty check a frame's declared length
 * against the session's buffer size before reading its payload, for partial handlers too: an oversize frame is
 * closed with 1009 after a few KB instead of being held whole. Messages are taken frame by frame, and
 * {@link MessageAssembler} bounds whole (fragmented) messages. Closes for what the client sent are written on the
 * reading thread, before the next frame is read ({@link SessionSink}).
 */
public class TrackerEndpoint extends Endpoint {
    private static final Logger LOG = Logger.getLogger(TrackerEndpoint.class.getName());
    private static final InboundParser PARSER = new InboundParser();

    private final TrackerService tracker;
    private final TrackerMetrics metrics;
    private final Executor closer;
    private final SocketLimits limits;
    private final MessageBudget budget = new MessageBudget();
    private String address;
    private boolean counted;
    private PeerSocket socket;
    private SessionSink sink;
    private MessageAssembler assembler;

    TrackerEndpoint(TrackerService tracker, TrackerMetrics metrics, Executor closer, SocketLimits limits) {
        this.tracker = tracker;
        this.metrics = metrics;
        this.closer = closer;
        this.limits = limits;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        int maxBytes = tracker.settings().maxMessageBytes();
        assembler = new MessageAssembler(maxBytes);
        session.setMaxTextMessageBufferSize(maxBytes);
        session.setMaxBinaryMessageBufferSize(maxBytes);
        sink = new SessionSink(session, tracker.settings().maxQueuedMessages(),
                tracker.settings().sendTimeout() * 1000L, metrics::slowSocketClosed, closer);
        address = (String) session.getUserProperties().get(TrackerHandshake.CLIENT_ADDRESS);
        if (!limits.open(address)) {
            sink.closePolicy("too many sockets from this address");
            return;
        }
        counted = true;
        socket = tracker.open(sink, TrackerHandshake.isIpv6(address), TrackerHandshake.of(session.getUserProperties()),
                System.nanoTime());
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::text);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::binary);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> socket.heard(System.nanoTime()));
        if (tracker.draining()) {
            tracker.close(socket);
            sink.closeGoingAway(); // it slipped in while the node began to shut down
        }
    }

    private void text(String fragment, boolean last) {
        if (sink.closing()) {
            return; // what a closing socket still sends joins no room and reaches no peer
        }
        try {
            String message = assembler.text(fragment, last);
            if (message != null) {
                long now = System.nanoTime();
                if (admit(now)) {
                    tracker.handle(socket, PARSER.parse(message), now);
                }
            }
        } catch (MessageAssembler.TooBig e) {
            sink.closeTooBig(tracker.settings().maxMessageBytes());
        }
    }

    private void binary(ByteBuffer fragment, boolean last) {
        if (sink.closing()) {
            return;
        }
        try {
            ByteBuffer message = assembler.binary(fragment, last);
            if (message != null) {
                long now = System.nanoTime();
                if (admit(now)) {
                    tracker.handle(socket, PARSER.parse(message), now);
                }
            }
        } catch (MessageAssembler.TooBig e) {
            sink.closeTooBig(tracker.settings().maxMessageBytes());
        }
    }

    /** Whether this message is within the socket's allowance; past it, the client is told, then closed. */
    private boolean admit(long nowNanos) {
        switch (limits.take(budget, nowNanos, address)) {
            case PASS -> {
                return true;
            }
            case REFUSE_AND_TELL -> tracker.refuse(socket, FailureReason.TOO_MANY_MESSAGES);
            case CLOSE -> sink.closePolicyWhileReading("too many messages");
            default -> {
            }
        }
        return false;
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (reason.getCloseCode().getCode() == CloseReason.CloseCodes.TOO_BIG.getCode()) {
            metrics.frameTooLarge();
        }
        if (socket != null) {
            tracker.close(socket);
        }
        if (counted) {
            counted = false;
            limits.closed(address);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        // Client-side faults (resets, oversize frames) are routine on a public server: no stack trace per frame.
        LOG.log(Level.FINE, "WebSocket error on session " + session.getId(), error);
    }
}
