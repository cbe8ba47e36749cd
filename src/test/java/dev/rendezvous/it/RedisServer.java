package dev.rendezvous.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code redis-server} on a free loopback port, with no persistence, as the cluster tests' engine. It
 * can be killed and started again on the same port, empty, as a crashed and restarted Redis would be.
 */
final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;
    private RedisClient inspector;
    private StatefulRedisConnection<String, String> connection;

    private RedisServer(int port) throws IOException {
        this.port = port;
        this.log = Files.createDirectories(Path.of("target", "redis-it")).resolve("redis-" + port + ".log");
    }

    static RedisServer start() throws IOException, InterruptedException {
        RedisServer server = new RedisServer(NodeProcess.freePort());
        server.startProcess();
        return server;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    void startProcess() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        NodeProcess.awaitPort(port, Duration.ofSeconds(10));
    }

    /** SIGKILL: the server vanishes with its data, as in a crash. */
    void kill() throws InterruptedException {
        closeInspector();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** A plain synchronous connection for the test to look at the shared state. */
    RedisCommands<String, String> redis() {
        if (connection == null) {
            inspector = RedisClient.create(uri());
            connection = inspector.connect();
        }
        return connection.sync();
    }

    private void closeInspector() {
        if (connection != null) {
            connection.close();
            inspector.shutdown();
            connection = null;
            inspector = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
