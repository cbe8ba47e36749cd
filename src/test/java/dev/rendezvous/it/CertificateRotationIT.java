package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A renewed certificate without a restart: the key store file behind wss:// (Liberty's) and turns: (Rendezvous') is
 * replaced, and a real TLS client ({@code openssl s_client}) sees the new certificate on both ports within seconds,
 * while a WebSocket opened before the swap stays open and served.
 */
class CertificateRotationIT {
    static final String PASSWORD = "rendezvous-dev-keystore";
    static LibertyServer server;
    static int turnsPort;

    @BeforeAll
    static void start() throws Exception {
        turnsPort = FreePorts.next();
        server = LibertyServer.named("certificateRotationIT")
                .property("rendezvous.turn.listen-address", "127.0.0.1")
                .property("rendezvous.turn.port", FreePorts.next())
                .property("rendezvous.turn.tls-port", turnsPort)
                .build();
        server.start().awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The subject of the certificate {@code openssl s_client} is shown at {@code port}. */
    static String subject(int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost").redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(20, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("(?m)^subject=(.*)$").matcher(output);
        return m.find() ? m.group(1) : "(none) " + output.substring(0, Math.min(500, output.length()));
    }

    @Test
    void aReplacedKeyStoreServesNewConnectionsWhileOpenOnesStay() throws Exception {
        assertTrue(subject(server.httpsPort()).contains("localhost"), "Liberty's generated certificate first");
        assertTrue(subject(turnsPort).contains("localhost"), "on turns: too");

        LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(
                URI.create("wss://127.0.0.1:" + server.httpsPort() + "/announce"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        replies.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).join();
        String room = id("cert");
        String peer = id("p");
        socket.sendText(announce(room, peer, ""), true).join();
        assertNotNull(replies.poll(10, TimeUnit.SECONDS));

        Path keyStore = server.directory().resolve("resources/security/key.p12");
        assertTrue(Files.exists(keyStore), keyStore.toString());
        Path renewed = keyStore.resolveSibling("renewed.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "default", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "30", "-dname", "CN=renewed.example", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", renewed.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), keytoolOutput);
        long swapped = System.nanoTime();
        Files.move(renewed, keyStore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        // Both ports looked at in turn until each shows the new certificate; a loaded machine (load 20 on two cores)
        // has taken 23 s for Liberty's key store poll, an idle one 2.5 s.
        long wssMillis = -1;
        long turnsMillis = -1;
        String wss = "";
        String turns = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while ((wssMillis < 0 || turnsMillis < 0) && System.nanoTime() < deadline) {
            if (wssMillis < 0 && (wss = subject(server.httpsPort())).contains("renewed.example")) {
                wssMillis = (System.nanoTime() - swapped) / 1_000_000;
            }
            if (turnsMillis < 0 && (turns = subject(turnsPort)).contains("renewed.example")) {
                turnsMillis = (System.nanoTime() - swapped) / 1_000_000;
            }
            Thread.sleep(250);
        }
        System.out.printf("renewed certificate seen on wss:// after %d ms (%s), on turns: after %d ms (%s)%n",
                wssMillis, wss, turnsMillis, turns);
        assertTrue(wssMillis >= 0, "wss:// still shows " + wss);
        assertTrue(turnsMillis >= 0, "turns: still shows " + turns);

        assertTrue(!closed.isDone(), "the WebSocket opened before the swap is still open");
        socket.sendText(announce(room, peer, ""), true).join();
        String reply = replies.poll(10, TimeUnit.SECONDS);
        assertNotNull(reply, "and still served");
        assertTrue(reply.contains("interval"), reply);
        socket.abort();
    }
}
