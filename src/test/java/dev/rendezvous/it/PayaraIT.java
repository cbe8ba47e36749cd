package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.rendezvous.it.Frames.announce;

/**
 * The WAR that Liberty runs, unchanged, on Payara Micro (from Maven Central): it boots, and health, the tracker,
 * STUN and the credentials endpoint work, and the pages and errors carry the WAR's security headers and say nothing
 * about the server. Everything binds 127.0.0.1 (the pre-boot commands move Payara's HTTP listener there before it
 * opens, and turn its Server and X-Powered-By headers off).
 */
class PayaraIT {
    private static Process payara;
    private static Path log;
    private static int httpPort;
    private static int turnPort;
    private static int udpTrackerPort;

    @BeforeAll
    static void boot() throws Exception {
        httpPort = FreePorts.next();
        turnPort = FreePorts.next();
        udpTrackerPort = FreePorts.next();
        Path work = Files.createDirectories(Path.of("target", "payara"));
        Path preBoot = Files.writeString(work.resolve("pre-boot.txt"),
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n"
                        // Payara's own Server and X-Powered-By headers (docs/security.md): its configuration, not the WAR's.
                        + "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.server-header=false\n"
                        + "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.xpowered-by=false\n");
        log = work.resolve("payara.log");
        payara = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drendezvous.turn.listen-address=127.0.0.1", "-Drendezvous.turn.port=" + turnPort,
                "-Drendezvous.turn.tls-port=0", "-Drendezvous.turn.secrets=payara-secret",
                "-Drendezvous.udp-tracker.listen-address=127.0.0.1", "-Drendezvous.udp-tracker.port=" + udpTrackerPort,
                "-jar", System.getProperty("it.payara.jar"), "--deploy", System.getProperty("it.war"), "--contextroot", "/",
                "--port", String.valueOf(httpPort), "--nocluster", "--nohostaware",
                "--prebootcommandfile", preBoot.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < deadline && payara.isAlive()) {
            if (healthStatus() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Payara Micro did not become healthy; see " + log + "\n"
                + (Files.exists(log) ? Files.readString(log) : ""));
    }

    @AfterAll
    static void shutdown() throws InterruptedException {
        if (payara != null) {
            payara.destroy();
            if (!payara.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                payara.destroyForcibly();
            }
        }
    }

    private static String http() {
        return "http://127.0.0.1:" + httpPort;
    }

    private static int healthStatus() {
        try {
            return get("/health").statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return Server.HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(http() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReportsTheTrackerAndTheTurnListeners() throws Exception {
        HttpResponse<String> health = get("/health");
        SmokeChecks.healthIsUp(health);
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
        SmokeChecks.iceServersCredentialsAllocate(get("/ice-servers"), turnPort);
    }

    @Test
    void httpAnnouncesAndScrapesAreAnsweredBesideTheWebSocketTracker() {
        HttpTrackerIT.twoHttpPeersMeet(httpPort);
    }
}
