package dev.rendezvous.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Redis with a replica and a Sentinel watching them on loopback, as a small high-availability setup is run: a
 * master, a {@code --replicaof} replica, and {@code redis-server --sentinel} with quorum 1, which promotes the replica
 * one second after the master stops answering.
 */
final class RedisSentinel implements AutoCloseable {
    static final String MASTER_NAME = "rendezvous";

    private final RedisServer master;
    private final RedisServer replica;
    private final int port;
    private final Process sentinel;
    private final RedisClient client;
    private final StatefulRedisSentinelConnection<String, String> connection;

    private RedisSentinel(RedisServer master, RedisServer replica, int port, Process sentinel) {
        this.master = master;
        this.replica = replica;
        this.port = port;
        this.sentinel = sentinel;
        this.client = RedisClient.create("redis://127.0.0.1:" + port);
        this.connection = client.connectSentinel();
    }

    static RedisSentinel start() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "redis-it").toAbsolutePath());
        RedisServer master = RedisServer.start();
        RedisServer replica = RedisServer.start(FreePorts.next(), "--replicaof", "127.0.0.1",
                String.valueOf(master.port()));
        int port = FreePorts.next();
        Path config = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(config, String.join("\n",
                "bind 127.0.0.1",
                "port " + port,
                "dir " + dir,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                ""));
        Process sentinel = new ProcessBuilder("redis-server", config.toString(), "--sentinel")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel-" + port + ".log").toFile()))
                .start();
        NodeProcess.awaitPort(port, Duration.ofSeconds(10));
        RedisSentinel setup = new RedisSentinel(master, replica, port, sentinel);
        setup.await(() -> !setup.connection.sync().replicas(MASTER_NAME).isEmpty(), "Sentinel finds the replica");
        return setup;
    }

    String uri() {
        return "redis-sentinel://127.0.0.1:" + port + "#" + MASTER_NAME;
    }

    /** SIGKILL of the master, as a crashed machine. */
    void killMaster() throws InterruptedException {
        master.kill();
    }

    /** Waits until Sentinel names the replica as the master. */
    void awaitFailover(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!masterPortIs(replica.port())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Sentinel did not promote the replica within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private boolean masterPortIs(int expected) {
        SocketAddress address = connection.sync().getMasterAddrByName(MASTER_NAME);
        return address != null && address.toString().endsWith(":" + expected);
    }

    private void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " within 20 s");
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
        client.shutdown();
        sentinel.destroyForcibly();
        sentinel.waitFor(10, TimeUnit.SECONDS);
        replica.close();
        master.close();
    }
}
