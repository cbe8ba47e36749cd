package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.rendezvous.it.Frames.quote;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the cluster tests look at on their nodes, and how they wait for it. */
final class ClusterChecks {
    private ClusterChecks() {
    }

    static JsonObject stats(LibertyServer node) {
        return Json.createReader(new StringReader(Server.getFrom(node.http(), "/stats.json").body())).readObject();
    }

    static double metric(LibertyServer node, String name) {
        return Server.metricOf(node.http(), name, "");
    }

    /** The scrape file of {@code room}, as {@code client}'s node counts it. */
    static JsonObject scrape(WsClient client, String room) {
        return client.send("{\"action\":\"scrape\",\"info_hash\":" + quote(room) + "}").next()
                .getJsonObject("files").getJsonObject(room);
    }

    static void awaitHealth(LibertyServer node, String marker, Duration timeout) throws InterruptedException {
        awaitTrue(() -> Server.getFrom(node.http(), "/health/ready").body().contains(marker), timeout,
                node.http() + " health shows " + marker);
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError notYet) {
                // keep polling until the deadline
            }
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), what + " within " + timeout);
    }

    /** Starts {@code nodes} side by side (each boot takes most of a minute) and waits until every one is ready. */
    static void startTogether(List<LibertyServer> nodes) throws Exception {
        startTogether(nodes, Duration.ofSeconds(120));
    }

    /** As {@link #startTogether(List)}, each node then given {@code readyWithin} to answer ready. */
    static void startTogether(List<LibertyServer> nodes, Duration readyWithin) throws Exception {
        List<CompletableFuture<LibertyServer>> starting = nodes.stream()
                .map(node -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return node.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .toList();
        for (CompletableFuture<LibertyServer> node : starting) {
            node.get(240, TimeUnit.SECONDS).awaitReady(readyWithin);
        }
    }

    /** Waits until every one of {@code nodes} is connected to Redis and sees all of them. */
    static void awaitConnected(List<LibertyServer> nodes) throws InterruptedException {
        for (LibertyServer node : nodes) {
            awaitHealth(node, "\"state\":\"connected\"", Duration.ofSeconds(30));
            awaitHealth(node, "\"nodes\":" + nodes.size(), Duration.ofSeconds(20));
        }
    }
}
