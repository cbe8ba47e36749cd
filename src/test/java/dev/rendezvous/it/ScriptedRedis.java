package dev.rendezvous.it;

import dev.rendezvous.cluster.ScriptBodies;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real {@code redis-server} on a free loopback port with the cluster's scripts loaded, for tests of the scripts. */
final class ScriptedRedis implements AutoCloseable {
    private final RedisServer server;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final Map<String, String> digests = new HashMap<>();

    /**
     * @param directory  its working directory's name under target/redis-it
     * @param serverArgs more redis-server options
     */
    ScriptedRedis(String directory, String... serverArgs) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "redis-it", directory)).toAbsolutePath();
        String[] args = new String[serverArgs.length + 2];
        args[0] = "--dir";
        args[1] = dir.toString();
        System.arraycopy(serverArgs, 0, args, 2, serverArgs.length);
        server = RedisServer.start(FreePorts.next(), args);
        client = RedisClient.create(server.uri());
        connection = client.connect();
    }

    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    /** The digest of script {@code file}, loaded on first use. */
    String script(String file) {
        return digests.computeIfAbsent(file, f -> connection.sync().scriptLoad(ScriptBodies.of(f)));
    }

    @Override
    public void close() throws Exception {
        connection.close();
        client.shutdown();
        server.close();
    }
}
