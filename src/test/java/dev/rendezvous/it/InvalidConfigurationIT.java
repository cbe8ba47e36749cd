package dev.rendezvous.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second Liberty server from the same runtime, given a bad value through an environment variable: the
 * application must refuse to start with a message naming the key, and readiness must say so.
 */
class InvalidConfigurationIT {

    @Test
    void aBadEnvironmentValueStopsTheApplicationWithAMessageNamingTheKey() throws Exception {
        try (LibertyServer server = LibertyServer.named("rendezvousBadConfigIT")
                .env("RENDEZVOUS_TRACKER_MAX_OFFERS", "-1")
                .env("RENDEZVOUS_TURN_ENABLED", "false") // no TURN listener on every interface
                .build().start()) {
            String messages = server.awaitLog("CWWKZ0012I", Duration.ofSeconds(90));
            assertTrue(messages.contains("Invalid configuration rendezvous.tracker.max-offers: -1 is outside 0..100"), messages);
            NodeProcess.awaitPort(server.httpPort(), Duration.ofSeconds(60)); // on a cold start the port opens after the app fails
            HttpResponse<String> ready = Server.HTTP_CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.http() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
        }
    }
}
