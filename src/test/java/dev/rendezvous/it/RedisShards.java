package dev.rendezvous.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters on loopback, made the way operators make one: three {@code redis-server}s with
 * {@code cluster-enabled yes}, joined by {@code redis-cli --cluster create}.
 */
final class RedisShards implements AutoCloseable {
    private final List<RedisServer> shards;

    private RedisShards(List<RedisServer> shards) {
        this.shards = shards;
    }

    static RedisShards start() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "redis-it").toAbsolutePath());
        List<RedisServer> shards = new ArrayList<>();
        RedisShards cluster = new RedisShards(shards);
        try {
            for (int i = 0; i < 3; i++) {
                int port = NodeProcess.freePort();
                Path nodes = dir.resolve("cluster-nodes-" + port + ".conf");
                Files.deleteIfExists(nodes);
                shards.add(RedisServer.start(port, "--cluster-enabled", "yes", "--cluster-config-file", nodes.toString(),
                        "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisServer shard : shards) {
                create.add("127.0.0.1:" + shard.port());
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process process = new ProcessBuilder(create).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!shards.stream().allMatch(s -> s.redis().clusterInfo().contains("cluster_state:ok"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok");
                }
                Thread.sleep(100);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** One shard's address: a client learns the others from it. */
    String uri() {
        return "redis://127.0.0.1:" + shards.get(0).port();
    }

    /** How many keys matching {@code pattern} each shard holds. */
    List<Integer> keysPerShard(String pattern) {
        return shards.stream().map(shard -> shard.redis().keys(pattern).size()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServer shard : shards) {
            shard.close();
        }
    }
}
