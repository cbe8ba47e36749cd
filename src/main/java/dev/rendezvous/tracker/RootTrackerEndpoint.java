package dev.rendezvous.tracker;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * The same tracker at {@code /}, for clients configured with {@code wss://host} and no path. A plain GET of
 * {@code /} is not an upgrade and still serves the web page. Liberty only sees WebSocket annotations declared
 * on the endpoint class itself, hence the re-annotated overrides.
 */
@Dependent
@Typed(RootTrackerEndpoint.class) // else a CDI lookup of TrackerEndpoint finds two beans and injection fails
@ServerEndpoint(value = "/",
        configurator = TrackerHandshake.class)
public class RootTrackerEndpoint extends TrackerEndpoint {

    @OnOpen
    @Override
    public void open(Session session) {
        super.open(session);
    }

    @OnMessage
    @Override
    public void text(String fragment, boolean last) {
        super.text(fragment, last);
    }

    @OnMessage
    @Override
    public void binary(ByteBuffer fragment, boolean last) {
        super.binary(fragment, last);
    }

    @OnMessage
    @Override
    public void pong(PongMessage pong) {
        super.pong(pong);
    }

    @OnClose
    @Override
    public void close(CloseReason reason) {
        super.close(reason);
    }

    @OnError
    @Override
    public void error(Session session, Throwable error) {
        super.error(session, error);
    }
}
