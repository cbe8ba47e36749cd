package dev.rendezvous.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second Liberty server from the same runtime, given a bad value through an environment variable: the
 * application must refuse to start with a message naming the key, and readiness must say so.
 */
class InvalidConfigurationIT {
    private static final Path WLP = Path.of(System.getProperty("it.wlp.dir", "target/liberty/wlp"));
    private static final String NAME = "rendezvousBadConfigIT";

    @Test
    void aBadEnvironmentValueStopsTheApplicationWithAMessageNamingTheKey() throws Exception {
        Path server = WLP.resolve("usr/servers").resolve(NAME);
        Path itServer = WLP.resolve("usr/servers/rendezvousIT");
        Files.createDirectories(server.resolve("apps"));
        Files.copy(itServer.resolve("server.xml"), server.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(itServer.resolve("apps/rendezvous.war"), server.resolve("apps/rendezvous.war"), StandardCopyOption.REPLACE_EXISTING);
        int port = NodeProcess.freePort();
        Files.writeString(server.resolve("bootstrap.properties"), "HTTP_HOST=127.0.0.1\nHTTP_PORT=" + port
                + "\nHTTPS_PORT=" + NodeProcess.freePort() + "\n");
        Path log = server.resolve("logs/messages.log");
        Files.deleteIfExists(log);

        ProcessBuilder builder = new ProcessBuilder(WLP.resolve("bin/server").toString(), "run", NAME)
                .redirectErrorStream(true)
                .redirectOutput(server.resolve("console.out").toFile());
        builder.environment().put("RENDEZVOUS_TRACKER_MAX_OFFERS", "-1");
        builder.environment().put("RENDEZVOUS_TURN_ENABLED", "false"); // no TURN listener on every interface
        Process process = builder.start();
        try {
            String messages = awaitLog(log, "CWWKZ0012I", Duration.ofSeconds(90));
            assertTrue(messages.contains("Invalid configuration rendezvous.tracker.max-offers: -1 is outside 0..100"), messages);
            NodeProcess.awaitPort(port, Duration.ofSeconds(60)); // on a cold start the port opens after the app fails
            HttpResponse<String> ready = Server.HTTP_CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
        } finally {
            new ProcessBuilder(WLP.resolve("bin/server").toString(), "stop", NAME).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private static String awaitLog(Path log, String marker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                String text = Files.readString(log);
                if (text.contains(marker)) {
                    return text;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(marker + " not logged within " + timeout + " in " + log);
    }
}
