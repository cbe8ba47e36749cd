package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tracker over wss on the HTTPS port (Liberty's generated development certificate). */
class TlsIT {

    @Test
    void announceOverWss() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(
                URI.create("wss://127.0.0.1:" + Integer.getInteger("it.https.port") + "/announce"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).join();
        String room = id("tls");
        socket.sendText(announce(room, id("p"), ""), true).join();
        JsonObject response = Json.createReader(new StringReader(reply.get(5, TimeUnit.SECONDS))).readObject();
        assertEquals(room, response.getString("info_hash"));
        socket.abort();
    }
}
