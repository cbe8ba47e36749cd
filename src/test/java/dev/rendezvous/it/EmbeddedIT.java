package dev.rendezvous.it;

import dev.rendezvous.it.host.HostServlet;
import dev.rendezvous.stun.MessageType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rendezvous embedded in another application: a host WAR with one servlet of its own and Rendezvous' classes jar
 * ({@code dev.rendezvous:rendezvous:jar:classes}) in WEB-INF/lib, and no code of Rendezvous' own, deployed on
 * Liberty at {@code /host}. The pieces are chosen by configuration alone.
 */
class EmbeddedIT {
    private static Path hostWar;
    private static Path serverXml;

    @BeforeAll
    static void buildTheHostApplication() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "embedded"));
        hostWar = dir.resolve("host.war");
        Path servlet = Path.of(HostServlet.class.getResource("HostServlet.class").toURI());
        try (ZipOutputStream war = new ZipOutputStream(Files.newOutputStream(hostWar))) {
            add(war, "WEB-INF/classes/dev/rendezvous/it/host/HostServlet.class", servlet);
            add(war, "WEB-INF/lib/rendezvous-classes.jar", Path.of(System.getProperty("it.classes.jar", "target/rendezvous-classes.jar")));
        }
        // The project's server.xml names the features a host needs; only the application differs.
        String xml = Files.readString(LibertyServer.SERVER_XML);
        serverXml = Files.writeString(dir.resolve("server.xml"), xml.replace(
                "<webApplication location=\"rendezvous.war\" contextRoot=\"/\"/>",
                "<webApplication location=\"host.war\" contextRoot=\"/host\"/>"));
        assertTrue(Files.readString(serverXml).contains("host.war"), "server.xml names the application as expected");
    }

    @Test
    void theTrackerAtItsConfiguredPathWithTurnStatsAndCredentialsLeftOut() throws Exception {
        int turnPort = FreePorts.next();
        try (LibertyServer server = host("rendezvousEmbeddedIT")
                .env("RENDEZVOUS_TRACKER_PATHS", "/signal")
                .env("RENDEZVOUS_TURN_ENABLED", "false")
                .env("RENDEZVOUS_TURN_PORT", turnPort)
                .env("RENDEZVOUS_STATS_ENABLED", "false")
                .env("RENDEZVOUS_ICE_SERVERS_ENABLED", "false")
                .build().start().awaitReady(Duration.ofSeconds(120))) {
            assertEquals("hello from the host", Server.getFrom(server.http(), "/host/hello").body());
            try (WsClient client = WsClient.open(server.ws() + "/host/signal")) {
                assertEquals("announce", client.send(announce(id("embedded"), id("embedded"), "")).next().getString("action"));
            }
            for (String elsewhere : new String[]{"/host/", "/host/announce", "/", "/announce"}) {
                assertThrows(CompletionException.class, () -> WsClient.open(server.ws() + elsewhere).close(),
                        "no tracker at " + elsewhere);
            }
            String health = Server.getFrom(server.http(), "/health").body();
            assertTrue(health.contains("\"name\":\"tracker\""), health);
            assertEquals(404, Server.getFrom(server.http(), "/host/stats.json").statusCode());
            assertEquals(404, Server.getFrom(server.http(), "/host/ice-servers").statusCode());
            assertNothingListensOn(turnPort);
        }
    }

    @Test
    void turnStatsAndCredentialsWhenLeftOn() throws Exception {
        int turnPort = FreePorts.next();
        try (LibertyServer server = host("rendezvousEmbeddedTurnIT")
                .env("RENDEZVOUS_TURN_LISTEN_ADDRESS", "127.0.0.1")
                .env("RENDEZVOUS_TURN_PORT", turnPort)
                .env("RENDEZVOUS_TURN_TLS_PORT", "0")
                .build().start().awaitReady(Duration.ofSeconds(120))) {
            SmokeChecks.stunBindingAnswers(turnPort);
            try (WsClient client = WsClient.open(server.ws() + "/host/announce")) {
                assertEquals("announce", client.send(announce(id("embedded"), id("embedded"), "")).next().getString("action"));
            }
            assertEquals(200, Server.getFrom(server.http(), "/host/stats.json").statusCode());
            assertEquals(200, Server.getFrom(server.http(), "/host/ice-servers").statusCode());
        }
    }

    private static LibertyServer.Builder host(String name) {
        return LibertyServer.named(name).war(hostWar).serverXml(serverXml);
    }

    private static void assertNothingListensOn(int port) throws IOException {
        try (TurnClient stun = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertThrows(SocketTimeoutException.class, () -> stun.request(MessageType.BINDING, w -> { }), "UDP " + port);
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "TCP " + port);
    }

    private static void add(ZipOutputStream war, String name, Path file) throws IOException {
        war.putNextEntry(new ZipEntry(name));
        Files.copy(file, war);
        war.closeEntry();
    }
}
