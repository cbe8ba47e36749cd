package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reverse-proxy example users copy, docs/deploy/nginx.conf, run by Debian's nginx in front of the server: only
 * its TLS listener becomes a plain loopback one (no certificate here) and its upstream the test server's port.
 * Unmodified bittorrent-tracker Clients meet through it, and the dashboard is served through it.
 */
class NginxIT {
    private static final Path EXAMPLE = Path.of(System.getProperty("it.docs.dir", "docs"), "deploy", "nginx.conf");
    private static Nginx nginx;
    private static int port;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = Nginx.start(Path.of("target", "nginx-it").toAbsolutePath(), EXAMPLE,
                "server 127.0.0.1:9080;", "server 127.0.0.1:" + Server.HTTP_PORT + ";");
        port = nginx.port();
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void referenceClientsMeetThroughTheExample() throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs",
                "ws://127.0.0.1:" + port + "/announce");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"met\":true"), result.output());
    }

    @Test
    void theTrackerAndTheDashboardAnswerThroughTheExample() {
        try (WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/")) {
            assertEquals("announce", client.send(announce(id("nginx"), id("nginx"), "")).next().getString("action"));
        }
        assertTrue(Server.getFrom("http://127.0.0.1:" + port, "/").body().contains("<title>Rendezvous"));
    }
}
