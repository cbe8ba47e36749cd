package dev.rendezvous.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;

/**
 * The connection to Redis, through Lettuce: one command connection (thread-safe, pipelined) and one pub/sub
 * connection, both reconnecting by themselves, with the channels re-subscribed. Commands never wait: while the
 * connection is down they fail at once, a command that takes longer than the timeout fails, and the request queue
 * is bounded. Lettuce's I/O threads come from the container's managed thread factory.
 */
final class RedisEngine implements AutoCloseable {
    private static final int REQUEST_QUEUE = 100_000;

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final Map<Script, String> digests = new EnumMap<>(Script.class);
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private CompletableFuture<Void> connecting;

    RedisEngine(String redisUri, Duration commandTimeout, ThreadFactory threads, RedisConnectionStateListener states) {
        this.uri = RedisURI.create(redisUri);
        this.resources = DefaultClientResources.builder()
                .threadFactoryProvider(poolName -> threads)
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build())
                .build());
        client.addListener(states);
        for (Script script : Script.values()) {
            digests.put(script, sha1(script.body()));
        }
    }

    /**
     * Opens both connections if they are not open yet, subscribing {@code onMessage} to {@code channels}. Safe to
     * call again after a failure: only the heartbeat calls it.
     */
    synchronized CompletionStage<Void> connect(BiConsumer<String, String> onMessage, String... channels) {
        if (commands != null && pubsub != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (connecting != null && !connecting.isDone()) {
            return connecting;
        }
        CompletableFuture<Void> command = commands != null
                ? CompletableFuture.completedFuture(null)
                : client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenAccept(c -> commands = c);
        CompletableFuture<Void> subscriber = pubsub != null
                ? CompletableFuture.completedFuture(null)
                : client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture()
                .thenCompose(connection -> {
                    connection.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, String message) {
                            onMessage.accept(channel, message);
                        }
                    });
                    return connection.async().subscribe(channels).toCompletableFuture()
                            .whenComplete((ok, failure) -> {
                                if (failure != null) {
                                    connection.closeAsync();
                                }
                            })
                            .thenAccept(ok -> pubsub = connection);
                });
        connecting = CompletableFuture.allOf(command, subscriber);
        return connecting;
    }

    /** Both connections exist and are up right now. */
    boolean open() {
        StatefulRedisConnection<String, String> c = commands;
        StatefulRedisPubSubConnection<String, String> s = pubsub;
        return c != null && c.isOpen() && s != null && s.isOpen();
    }

    /** Runs a script by its digest, loading it first if Redis does not know it (after a restart, say). */
    @SuppressWarnings("unchecked")
    <T> CompletionStage<T> run(Script script, String[] keys, String... args) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        RedisAsyncCommands<String, String> redis = connection.async();
        ScriptOutputType type = ScriptOutputType.MULTI;
        CompletionStage<Object> first = redis.evalsha(digests.get(script), type, keys, args);
        return (CompletionStage<T>) first.handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.eval(script.body(), type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        }).thenCompose(stage -> (CompletionStage<Object>) stage);
    }

    /** Plain commands, for the heartbeat's bookkeeping; null while not connected. */
    RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> connection = commands;
        return connection == null ? null : connection.async();
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static String sha1(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
