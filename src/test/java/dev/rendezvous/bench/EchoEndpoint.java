package dev.rendezvous.bench;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The benchmark's baseline: a WebSocket endpoint that answers every text frame with itself, on the receiving
 * thread. Packaged alone as {@code echo.war} and deployed beside Rendezvous only by the benchmark script, it
 * measures what the container's WebSocket stack costs before any tracker logic.
 */
@ServerEndpoint("/ws")
public class EchoEndpoint {
    @OnMessage
    public String echo(String message) {
        return message;
    }
}
