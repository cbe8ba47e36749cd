package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
    private static Process nginx;
    private static int port;

    @BeforeAll
    static void startNginx() throws Exception {
        port = NodeProcess.freePort();
        Path dir = Files.createDirectories(Path.of("target", "nginx-it").toAbsolutePath());
        Files.createDirectories(dir.resolve("logs"));
        String example = Files.readString(EXAMPLE);
        String site = example
                .replace("listen 443 ssl;", "listen 127.0.0.1:" + port + ";")
                .replaceAll("(?m)^\\s*ssl_certificate.*$", "")
                .replace("server 127.0.0.1:9080;", "server 127.0.0.1:" + Server.HTTP_PORT + ";");
        assertTrue(site.contains("listen 127.0.0.1:" + port) && site.contains(":" + Server.HTTP_PORT + ";"),
                "the example still has the lines this test adapts");
        Files.writeString(dir.resolve("nginx.conf"), "pid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("logs/error.log") + ";\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path "
                + dir.resolve("tmp") + ";\n  proxy_temp_path " + dir.resolve("tmp") + ";\n" + site + "\n}\n");
        nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/console.log").toFile()).start();
        NodeProcess.awaitPort(port, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
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
