package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR that Liberty runs, unchanged, as ROOT.war on WildFly (from Maven Central) with its MicroProfile profile:
 * it deploys, and health (on WildFly's management port), the tracker, STUN, the credentials endpoint and the
 * statistics work; Rendezvous' metrics are not published there, since WildFly has no MicroProfile Metrics.
 * Every socket WildFly opens gets a free port on 127.0.0.1; the distribution stays untouched, the server's
 * configuration, data and logs live in a base directory of the test's own.
 */
class WildFlyIT {
    private static Process wildfly;
    private static final List<ProcessHandle> jvm = new ArrayList<>();
    private static Path base;
    private static int httpPort;
    private static int managementPort;
    private static int turnPort;
    private static int udpTrackerPort;

    @BeforeAll
    static void boot() throws Exception {
        Path home = Path.of(System.getProperty("it.wildfly.home"));
        httpPort = FreePorts.next();
        managementPort = FreePorts.next();
        turnPort = FreePorts.next();
        udpTrackerPort = FreePorts.next();
        base = Path.of("target", "wildfly-it").toAbsolutePath();
        deleteRecursively(base);
        copyRecursively(home.resolve("standalone").resolve("configuration"), base.resolve("configuration"));
        Files.createDirectories(base.resolve("deployments"));
        Files.copy(Path.of(System.getProperty("it.war")), base.resolve("deployments").resolve("ROOT.war"));
        Path log = base.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin").resolve("standalone.sh").toString(),
                "-c", "standalone-microprofile.xml",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1",
                "-Djboss.http.port=" + httpPort, "-Djboss.https.port=" + FreePorts.next(),
                "-Djboss.ajp.port=" + FreePorts.next(),
                "-Djboss.management.http.port=" + managementPort,
                "-Djboss.management.https.port=" + FreePorts.next(),
                "-Drendezvous.turn.listen-address=127.0.0.1", "-Drendezvous.turn.port=" + turnPort,
                "-Drendezvous.turn.tls-port=0", "-Drendezvous.turn.secrets=wildfly-secret",
                "-Drendezvous.udp-tracker.listen-address=127.0.0.1", "-Drendezvous.udp-tracker.port=" + udpTrackerPort))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The script then runs the JVM as its child and passes a TERM on to it, so that stopping the script stops WildFly.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        long started = System.nanoTime();
        wildfly = builder.start();
        Path failed = base.resolve("deployments").resolve("ROOT.war.failed");
        long deadline = started + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline && wildfly.isAlive() && !Files.exists(failed)) {
            rememberTheJvm();
            HttpResponse<String> health = healthOrNull();
            if (health != null && health.statusCode() == 200 && health.body().contains("\"turn-udp\"")) {
                System.out.printf("WildFly ready, ROOT.war deployed and healthy, in %.1f s%n", (System.nanoTime() - started) / 1e9);
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("WildFly did not become healthy"
                + (Files.exists(failed) ? ": " + Files.readString(failed) : "") + "; see " + log + "\n" + Files.readString(log));
    }

    /** The JVM is the script's child; its handle is kept so that it can be stopped even when the script has gone. */
    private static void rememberTheJvm() {
        wildfly.descendants().filter(child -> !jvm.contains(child)).forEach(jvm::add);
    }

    @AfterAll
    static void shutdown() throws InterruptedException {
        if (wildfly == null) {
            return;
        }
        rememberTheJvm();
        wildfly.destroy();
        for (ProcessHandle child : jvm) {
            child.destroy();
        }
        boolean exited = wildfly.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle child : jvm) {
            try {
                child.onExit().get(exited ? 30 : 1, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                child.destroyForcibly();
            }
        }
        if (!exited) {
            wildfly.destroyForcibly();
        }
    }

    private static HttpResponse<String> healthOrNull() {
        try {
            return get(management() + "/health");
        } catch (Exception notYet) {
            return null;
        }
    }

    private static String http() {
        return "http://127.0.0.1:" + httpPort;
    }

    private static String management() {
        return "http://127.0.0.1:" + managementPort;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return Server.HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthOnTheManagementPortReportsTheTrackerAndTheTurnListeners() throws Exception {
        HttpResponse<String> health = get(management() + "/health");
        SmokeChecks.healthIsUp(health);
        assertEquals(404, get(http() + "/health").statusCode(), "WildFly serves health on its management port only");
    }

    @Test
    void anOfferAndItsAnswerGoRoundTripBetweenTwoSockets() {
        SmokeChecks.offerAndAnswerRoundTrip("ws://127.0.0.1:" + httpPort + "/announce");
    }

    @Test
    void stunBindingAnswersTheReflexiveAddress() throws Exception {
        SmokeChecks.stunBindingAnswers(turnPort);
    }

    @Test
    void theUdpTrackerAnswersAnnouncesAndScrapes() throws Exception {
        SmokeChecks.udpTrackerConnects(udpTrackerPort);
    }

    @Test
    void everyPageAndAnswerOfTheApplicationCarriesTheSecurityHeaders() {
        SmokeChecks.pagesAndAnswersCarryTheSecurityHeaders(http());
    }

    @Test
    void errorsNameNoClassNoMessageIdAndNoServer() {
        SmokeChecks.errorsAreQuiet(http());
    }

    @Test
    void iceServersMintsCredentialsThatAllocate() throws Exception {
        SmokeChecks.iceServersCredentialsAllocate(get(http() + "/ice-servers"), turnPort);
    }

    @Test
    void metricsAreNotPublishedWhileTheStatisticsCountTheTracker() throws Exception {
        assertEquals(404, get(http() + "/metrics").statusCode());
        HttpResponse<String> serverMetrics = get(management() + "/metrics");
        assertEquals(200, serverMetrics.statusCode());
        assertFalse(serverMetrics.body().contains("rendezvous_"), "WildFly's /metrics carries WildFly's own metrics only");

        String room = id("stats");
        try (WsClient peer = WsClient.open("ws://127.0.0.1:" + httpPort + "/announce")) {
            peer.send(announce(room, id("carol"), "")).next();
            HttpResponse<String> response = get(http() + "/stats.json");
            assertEquals(200, response.statusCode(), response.body());
            JsonObject stats = Json.createReader(new StringReader(response.body())).readObject();
            assertTrue(stats.getInt("sockets") >= 1, response.body());
            assertTrue(stats.getInt("torrents") >= 1, response.body());
            assertTrue(stats.getInt("peersAll") >= 1, response.body());
        }
    }

    @Test
    void theDashboardShowsTheTrackerFromTheStatisticsAndSaysWhatIsUnavailable() throws Exception {
        try (WsClient peer = WsClient.open("ws://127.0.0.1:" + httpPort + "/announce")) {
            peer.send(announce(id("dash"), id("dave"), "")).next();
            NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(120), "browser.mjs", "dashboard", http());
            String output = result.output().strip();
            assertEquals(0, result.exitCode(), output);
            JsonObject shown = Json.createReader(new StringReader(output.substring(output.lastIndexOf('\n') + 1))).readObject();
            assertFalse(shown.containsKey("error"), output);
            assertEquals("not served on this port", shown.getString("health"), output);
            assertTrue(shown.getString("checks").contains("management port"), output);
            assertTrue(shown.getString("note").contains("does not serve /metrics"), output);
            JsonObject figures = shown.getJsonObject("figures");
            assertTrue(Integer.parseInt(figures.getString("sockets")) >= 1, output);
            assertTrue(Integer.parseInt(figures.getString("peers")) >= 1, output);
            for (String unavailable : List.of("announces", "offers", "allocations", "relayed")) {
                assertEquals("unavailable", figures.getString(unavailable), output);
            }
            // The two probes that find nothing (and the browser's console reports of them) are the only failures.
            assertEquals(List.of("404 /health", "404 /metrics"),
                    shown.getJsonArray("failedRequests").getValuesAs(JsonString::getString).stream().distinct().sorted().toList(), output);
            for (JsonString error : shown.getJsonArray("consoleErrors").getValuesAs(JsonString.class)) {
                assertTrue(error.getString().contains("status of 404"), output);
            }
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    @Test
    void httpAnnouncesAndScrapesAreAnsweredBesideTheWebSocketTracker() {
        HttpTrackerIT.twoHttpPeersMeet(httpPort);
    }
}
