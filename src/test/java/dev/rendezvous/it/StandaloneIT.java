package dev.rendezvous.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone form: {@code java -jar target/rendezvous.jar} (built by {@code mvn -Pstandalone package}),
 * configured by environment variables only, on loopback and free ports. Run by CI after the test command
 * ({@code .ci/run}), since building the jar takes longer than the rest of the build.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneIT {
    private static final Path JAR = Path.of(System.getProperty("it.standalone.jar", "target/rendezvous.jar"));
    private static final Path WORK = Path.of("target", "standalone-it");

    @Test
    void javaJarRunsTheWholeServerFromEnvironmentVariables() throws Exception {
        int http = FreePorts.next();
        int turn = FreePorts.next();
        int udpTracker = FreePorts.next();
        Path log = WORK.resolve("run.log");
        long started = System.nanoTime();
        Process process = start(log, Map.of("HTTP_PORT", String.valueOf(http), "HTTPS_PORT", String.valueOf(FreePorts.next()),
                "RENDEZVOUS_TURN_PORT", String.valueOf(turn), "RENDEZVOUS_TURN_TLS_PORT", String.valueOf(FreePorts.next()),
                "RENDEZVOUS_UDP_TRACKER_PORT", String.valueOf(udpTracker)));
        try {
            String base = "http://127.0.0.1:" + http;
            awaitReady(base, process, log);
            System.out.printf("StandaloneIT: ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            String banner = Files.readString(log);
            assertTrue(banner.contains("Rendezvous " + System.getProperty("it.version", "")), banner);
            assertTrue(banner.contains("ws://HOST:" + http + "/announce"), banner);
            assertTrue(banner.contains("STUN/TURN: 127.0.0.1 port " + turn + " (UDP, TCP)"), banner);
            assertTrue(banner.contains("origin allowlist: off (any origin)"), banner);
            assertTrue(banner.contains("mode: single node"), banner);

            HttpResponse<String> page = Server.getFrom(base, "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>Rendezvous"), "the dashboard");

            SmokeChecks.offerAndAnswerRoundTrip("ws://127.0.0.1:" + http + "/announce");
            SmokeChecks.stunBindingAnswers(turn);
            SmokeChecks.udpTrackerConnects(udpTracker);
        } finally {
            stop(process);
        }
    }

    @Test
    void anInvalidSettingEndsTheProcessWithAClearMessageAndAFailureStatus() throws Exception {
        Path log = WORK.resolve("invalid.log");
        Process process = start(log, Map.of("HTTP_PORT", String.valueOf(FreePorts.next()),
                "HTTPS_PORT", String.valueOf(FreePorts.next()), "RENDEZVOUS_TRACKER_MAX_OFFERS", "-1",
                "RENDEZVOUS_TURN_ENABLED", "false"));
        try {
            assertTrue(process.waitFor(150, TimeUnit.SECONDS), "the process did not exit:\n" + Files.readString(log));
            assertNotEquals(0, process.exitValue());
            String output = Files.readString(log);
            assertTrue(output.contains("Rendezvous cannot start: Invalid configuration rendezvous.tracker.max-offers: -1 is outside 0..100"),
                    output);
        } finally {
            stop(process);
        }
    }

    private static Process start(Path log, Map<String, String> environment) throws IOException {
        Files.createDirectories(WORK);
        // The JVM options of the container and systemd recipes (docs/deploy/), which the jar cannot carry itself.
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.lang.Integer.IntegerCache.high=65535", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WLP_JAR_EXTRACT_ROOT", WORK.resolve("extract").toAbsolutePath().toString());
        builder.environment().put("HTTP_HOST", "127.0.0.1");
        builder.environment().put("RENDEZVOUS_TURN_LISTEN_ADDRESS", "127.0.0.1");
        builder.environment().put("RENDEZVOUS_UDP_TRACKER_LISTEN_ADDRESS", "127.0.0.1");
        builder.environment().put("RENDEZVOUS_UDP_TRACKER_PORT", String.valueOf(FreePorts.next()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void awaitReady(String base, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> ready = Server.HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("java -jar never became ready:\n" + Files.readString(log));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: Liberty stops the server cleanly
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
