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
 * A Redis Cluster of three masters, each with a replica, on loopback, made the way operators make one: six
 * {@code redis-server}s with {@code cluster-enabled yes}, joined by {@code redis-cli --cluster create
 * --cluster-replicas 1}. A killed master's replica takes over its slots after the cluster node timeout (2 s).
 */
final class RedisShards implements AutoCloseable {
    private final List<RedisServer> shards;
    private long lastKilledSubscribers;

    private RedisShards(List<RedisServer> shards) {
        this.shards = shards;
    }

    static RedisShards start() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "redis-it").toAbsolutePath());
        List<RedisServer> shards = new ArrayList<>();
        RedisShards cluster = new RedisShards(shards);
        try {
            for (int i = 0; i < 6; i++) {
                int port = FreePorts.next();
                Path nodes = dir.resolve("cluster-nodes-" + port + ".conf");
                Files.deleteIfExists(nodes);
                shards.add(RedisServer.start(port, "--cluster-enabled", "yes", "--cluster-config-file", nodes.toString(),
                        "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisServer shard : shards) {
                create.add("127.0.0.1:" + shard.port());
            }
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
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

    /** How many keys matching {@code pattern} each master holds. */
    List<Integer> keysPerShard(String pattern) {
        return shards.stream().filter(RedisShards::isMaster).map(shard -> shard.redis().keys(pattern).size()).toList();
    }

    private static boolean isMaster(RedisServer server) {
        return server.redis().info("replication").contains("role:master");
    }

    /** The server with the most pub/sub clients: Lettuce keeps a cluster client's subscriptions on one server. */
    int withMostSubscribers() {
        int best = 0;
        long most = -1;
        for (int i = 0; i < shards.size(); i++) {
            long subscribers = shards.get(i).redis().clientList().lines()
                    .filter(l -> l.contains(" sub=") && !l.contains(" sub=0 ")).count();
            if (subscribers > most) {
                most = subscribers;
                best = i;
            }
        }
        lastKilledSubscribers = most;
        return best;
    }

    /** How many pub/sub clients {@link #withMostSubscribers} found on the server it named. */
    long lastKilledSubscribers() {
        return lastKilledSubscribers;
    }

    boolean isMaster(int index) {
        return isMaster(shards.get(index));
    }

    /** SIGKILL of one server; if it was a master, its replica takes over. Waits until the cluster is whole again. */
    void kill(int index) throws InterruptedException {
        boolean master = isMaster(index);
        shards.get(index).kill();
        if (!master) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!whole(index)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster did not fail over");
            }
            Thread.sleep(100);
        }
    }

    /** Three live masters again (the replica promoted), and every live server sees the cluster as ok. */
    private boolean whole(int dead) {
        int masters = 0;
        for (int i = 0; i < shards.size(); i++) {
            if (i != dead) {
                if (!shards.get(i).redis().clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
                masters += isMaster(shards.get(i)) ? 1 : 0;
            }
        }
        return masters == 3;
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServer shard : shards) {
            shard.close();
        }
    }
}
