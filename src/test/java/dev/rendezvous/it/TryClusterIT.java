package dev.rendezvous.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's way to try a cluster on one machine, {@code docs/deploy/try-cluster.sh}, run as written (only its
 * ports moved to free ones through the environment variables it reads): two reference clients meet through its
 * nginx, each node sees two nodes, and stopping the script stops everything it started. It needs the standalone
 * jar, so CI runs it with {@link StandaloneIT}, after the test command.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TryClusterIT {
    private static final Path SCRIPT = Path.of(System.getProperty("it.docs.dir", "docs"), "deploy", "try-cluster.sh");

    @Test
    void theReadmesLocalClusterRunsAndStops() throws Exception {
        int port = FreePorts.next();
        int[] nodes = {FreePorts.next(), FreePorts.next()};
        Path work = Files.createDirectories(Path.of("target", "try-cluster-it").toAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().put("WORK", work.toString());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("REDIS_PORT", String.valueOf(FreePorts.next()));
        builder.environment().put("NODE_PORTS", nodes[0] + " " + nodes[1]);
        builder.environment().put("TURN_PORTS", FreePorts.next() + " " + FreePorts.next());
        builder.environment().put("UDP_TRACKER_PORTS", FreePorts.next() + " " + FreePorts.next());
        Process script = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("Rendezvous cluster ready")) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        try {
            assertTrue(ready.get(200, TimeUnit.SECONDS), "the script said it is ready:\n" + output);
            for (int node : nodes) {
                String base = "http://127.0.0.1:" + node;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!Server.getFrom(base, "/health/ready").body().contains("\"nodes\":2") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(Server.getFrom(base, "/health/ready").body().contains("\"nodes\":2"), base + " sees two nodes");
            }
            NodeProcess.Result met = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs",
                    "ws://127.0.0.1:" + port + "/announce");
            assertEquals(0, met.exitCode(), met.output());
        } finally {
            script.destroy(); // SIGTERM: the script stops Redis, nginx and both nodes (which drain)
            assertTrue(script.waitFor(60, TimeUnit.SECONDS), "the script stopped");
        }
        for (int node : nodes) {
            int http = node;
            assertTrue(isClosed(http), "node on " + http + " stopped");
        }
        assertTrue(isClosed(port), "nginx stopped");
    }

    private static boolean isClosed(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (java.io.IOException closed) {
            return true;
        }
    }
}
