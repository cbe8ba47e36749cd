package dev.rendezvous.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.ClusterChecks.awaitHealth;

/**
 * A measurement, not part of {@code mvn verify} (its name is no IT's): issue 21's scenario. 120 peers in 12 rooms of
 * 10, five of each room on each of two nodes on one Redis, each announcing every second with 2 offers and answering
 * every offer, for 10 s; then the same peers on one node without cluster mode. Prints the coefficient of variation
 * of offers received per peer in each. Run with {@code mvn -B verify -Dit.test=OfferSpreadMeasure -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}; ROUNDS (default 3) rounds each.
 */
class OfferSpreadMeasure {
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void clusterAgainstSingleNode() throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "3"));
        Path dir = Files.createDirectories(Path.of("target", "offer-spread", "redis").toAbsolutePath());
        try (RedisServer redis = RedisServer.start(FreePorts.next(), "--dir", dir.toString())) {
            LibertyServer a = node("a", redis.uri());
            LibertyServer b = node("b", redis.uri());
            LibertyServer single = node("single", null);
            try {
                CompletableFuture.allOf(CompletableFuture.runAsync(() -> start(a)), CompletableFuture.runAsync(() -> start(b)),
                        CompletableFuture.runAsync(() -> start(single))).get(6, TimeUnit.MINUTES);
                for (LibertyServer node : List.of(a, b)) {
                    awaitHealth(node, "\"nodes\":2", Duration.ofSeconds(30));
                }
                for (int round = 1; round <= rounds; round++) {
                    measure("cluster, two nodes on one Redis, round " + round, List.of(a, b));
                    measure("single node, round " + round, List.of(single));
                }
            } finally {
                List.of(a, b, single).parallelStream().forEach(LibertyServer::close);
            }
        }
    }

    private static void measure(String what, List<LibertyServer> nodes) throws Exception {
        try (Swarm swarm = Swarm.direct(nodes, 12, 10, 2)) {
            Thread.sleep(3_000); // every peer has announced, and the rooms are whole
            long from = System.nanoTime();
            Thread.sleep(12_000);
            long to = from + TimeUnit.SECONDS.toNanos(10);
            System.out.printf("OfferSpreadMeasure: %s: 10 s, %s; %s%n", what, swarm.window(from, to), swarm.spread(from, to));
        }
        Thread.sleep(2_000); // the peers' rooms empty before the next round's peers (same ids) arrive
    }

    private static LibertyServer node(String letter, String redisUri) {
        LibertyServer.Builder builder = LibertyServer.named("spread-node-" + letter)
                .property("rendezvous.tracker.announce-interval", 5)
                .property("rendezvous.turn.enabled", false);
        if (redisUri != null) {
            builder.property("rendezvous.cluster.redis-uri", redisUri).property("rendezvous.cluster.node-id", "node-" + letter);
        }
        return builder.build();
    }

    private static void start(LibertyServer node) {
        try {
            node.start().awaitReady(Duration.ofSeconds(300));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
