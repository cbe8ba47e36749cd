package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.InboundParser;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket tracker at {@code /announce}: a thin adapter that hands each message to {@link TrackerService}.
 * One instance per connection. It takes messages fragment by fragment, because the size limit must hold for
 * whole messages and the container only bounds single frames (see {@link MessageAssembler}).
 */
@Dependent
@ServerEndpoint(value = "/announce",
        configurator = TrackerHandshake.class)
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
    private Session session;
    private MessageAssembler assembler;

    @OnOpen
    public void open(Session session) {
        this.session = session;
        int maxBytes = tracker.settings().maxMessageBytes();
        assembler = new MessageAssembler(maxBytes);
        session.setMaxTextMessageBufferSize(maxBytes);
        session.setMaxBinaryMessageBufferSize(maxBytes);
        SessionSink sink = new SessionSink(session, tracker.settings().maxQueuedMessages(),
                metrics::slowSocketClosed, executor);
        socket = tracker.open(sink, TrackerHandshake.isIpv6(session.getUserProperties().get(TrackerHandshake.CLIENT_ADDRESS)),
                System.nanoTime());
    }

    @OnMessage
    public void text(String fragment, boolean last) {
        try {
            String message = assembler.text(fragment, last);
            if (message != null) {
                tracker.handle(socket, PARSER.parse(message), System.nanoTime());
            }
        } catch (MessageAssembler.TooBig e) {
            closeTooBig();
        }
    }

    @OnMessage
    public void binary(ByteBuffer fragment, boolean last) {
        try {
            ByteBuffer message = assembler.binary(fragment, last);
            if (message != null) {
                tracker.handle(socket, PARSER.parse(message), System.nanoTime());
            }
        } catch (MessageAssembler.TooBig e) {
            closeTooBig();
        }
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

    private void closeTooBig() {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG,
                    "message over " + tracker.settings().maxMessageBytes() + " bytes"));
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing oversize session failed", e);
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        // Client-side faults (resets, oversize frames) are routine on a public server: no stack trace per frame.
        LOG.log(Level.FINE, "WebSocket error on session " + session.getId(), error);
    }
}
