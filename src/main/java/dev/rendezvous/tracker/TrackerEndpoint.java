package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.InboundDecoder;
import dev.rendezvous.tracker.wire.InboundMessage;
import dev.rendezvous.tracker.wire.InboundParser;
import dev.rendezvous.tracker.wire.OutboundEncoder;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket tracker at {@code /announce}: a thin adapter that hands each frame to {@link TrackerService}.
 * One instance per connection.
 */
@Dependent
@ServerEndpoint(value = "/announce",
        configurator = TrackerHandshake.class,
        decoders = InboundDecoder.class,
        encoders = OutboundEncoder.class)
public class TrackerEndpoint {
    private static final Logger LOG = Logger.getLogger(TrackerEndpoint.class.getName());
    private static final InboundParser PARSER = new InboundParser();

    @Inject
    TrackerService tracker;
    @Inject
    TrackerMetrics metrics;
    @Resource
    ManagedExecutorService executor;

    private PeerSocket socket;

    @OnOpen
    public void open(Session session) {
        int maxBytes = tracker.settings().maxMessageBytes();
        session.setMaxTextMessageBufferSize(maxBytes);
        session.setMaxBinaryMessageBufferSize(maxBytes);
        SessionSink sink = new SessionSink(session, tracker.settings().maxQueuedMessages(),
                metrics::slowSocketClosed, executor);
        socket = tracker.open(sink, TrackerHandshake.remoteIsIpv6(session), System.nanoTime());
    }

    @OnMessage
    public void text(InboundMessage message) {
        // Liberty passes null when a decoder declines a frame; ours never does, but stay safe.
        tracker.handle(socket, message == null ? InboundMessage.Invalid.of(FailureReason.INVALID_JSON) : message,
                System.nanoTime());
    }

    @OnMessage
    public void binary(ByteBuffer frame) {
        tracker.handle(socket, PARSER.parse(frame), System.nanoTime());
    }

    @OnMessage
    public void pong(PongMessage pong) {
        socket.heard(System.nanoTime());
    }

    @OnClose
    public void close(CloseReason reason) {
        if (reason.getCloseCode().getCode() == CloseReason.CloseCodes.TOO_BIG.getCode()) {
            metrics.frameTooLarge();
        }
        if (socket != null) {
            tracker.close(socket);
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        // Client-side faults (resets, oversize frames) are routine on a public server: no stack trace per frame.
        LOG.log(Level.FINE, "WebSocket error on session " + session.getId(), error);
    }
}
