package dev.rendezvous.it;

import org.junit.jupiter.api.Test;

import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IT server allows https://allowed.example and https://*.wild.example. */
class OriginIT {

    @Test
    void listedExactAndWildcardOriginsAndRequestsWithoutOriginConnect() {
        for (String origin : new String[]{"https://allowed.example", "HTTPS://Allowed.Example", "https://a.wild.example", null}) {
            try (WsClient client = WsClient.connect("/announce", origin, true)) {
                String room = id("origin");
                assertEquals(room, client.send(announce(room, id("p"), "")).next().getString("info_hash"));
            }
        }
    }

    @Test
    void otherOriginsAreRefusedWith403BeforeTheUpgrade() {
        double before = Server.metric("rendezvous_tracker_origin_rejections_total");
        for (String origin : new String[]{"https://evil.example", "https://wild.example", "http://allowed.example",
                "https://allowed.example:8443", "null"}) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> WsClient.connect("/announce", origin, true), origin);
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(403, handshake.getResponse().statusCode(), origin);
        }
        assertThrows(CompletionException.class, () -> WsClient.connect("/", "https://evil.example", true));
        assertTrue(Server.metric("rendezvous_tracker_origin_rejections_total") >= before + 6);
    }
}
