package dev.rendezvous.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code redis-server} on a free loopback port, with no persistence, as the cluster tests' engine. It
 * can be killed and started again on the same port, empty, as a crashed and restarted Redis would be. Its working
 * directory is a folder of its own under target/: even with {@code --save ''}, a replica writes the master's snapshot
 * to {@code dump.rdb} on a full sync, which must not land in the source tree.
 */
final class RedisServer implements AutoCloseable {
    private final int port;
    private final List<String> options;
    private final Path dir;
    private final Path log;
    private Process process;
    private RedisClient inspector;
    private StatefulRedisConnection<String, String> connection;

    private RedisServer(int port, List<String> options) throws IOException {
        this.port = port;
        this.options = options;
        Path logs = Files.createDirectories(Path.of("target", "redis-it").toAbsolutePath());
        this.dir = Files.createDirectories(logs.resolve("redis-" + port));
        this.log = logs.resolve("redis-" + port + ".log");
    }

    static RedisServer start() throws IOException, InterruptedException {
        return start(FreePorts.next());
    }

    /** A server on {@code port} with more of redis-server's options, such as a cluster's or a replica's. */
    static RedisServer start(int port, String... options) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(port, List.of(options));
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
        Files.deleteIfExists(dir.resolve("dump.rdb")); // Redis loads it at start, even with --save ''
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--protected-mode", "yes"));
        command.addAll(options);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        NodeProcess.awaitPort(port, Duration.ofSeconds(10));
    }

    /** SIGKILL: the server vanishes with its data, as in a crash. */
    void kill() throws InterruptedException {
        closeInspector();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends the server a signal by name: STOP stalls it, as a frozen host or a long fork would, until CONT. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
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
