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
 * The connections to Redis, through Lettuce, all reconnecting by themselves (the channels re-subscribed):
 * <ul>
 *   <li>the tracker's: one thread-safe, pipelined connection for the calls frames wait for, with a short timeout;</li>
 *   <li>the control connection, for the heartbeat, resyncs and removals of dead nodes, with a longer timeout, so that
 *   a heartbeat never queues behind a busy node's announces and a busy node is not taken for a cut-off one;</li>
 *   <li>the pub/sub connection, for frames from other nodes and their events.</li>
 * </ul>
 * Commands never wait: while a connection is down they fail at once, one that takes longer than its timeout fails,
 * and the request queues are bounded. Lettuce's I/O threads come from the container's managed thread factory.
 */
final class RedisEngine implements AutoCloseable {
    private static final int REQUEST_QUEUE = 100_000;

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient trackerClient;
    private final RedisClient controlClient;
    private final Map<Script, String> digests = new EnumMap<>(Script.class);
    private volatile StatefulRedisConnection<String, String> tracker;
    private volatile StatefulRedisConnection<String, String> control;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private CompletableFuture<Void> connecting;

    RedisEngine(String redisUri, Duration trackerTimeout, Duration controlTimeout, ThreadFactory threads,
                RedisConnectionStateListener states) {
        this.uri = RedisURI.create(redisUri);
        this.resources = DefaultClientResources.builder()
                .threadFactoryProvider(poolName -> threads)
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
        this.trackerClient = client(trackerTimeout, states);
        this.controlClient = client(controlTimeout, states);
        for (Script script : Script.values()) {
            digests.put(script, sha1(script.body()));
        }
    }

    private RedisClient client(Duration timeout, RedisConnectionStateListener states) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build())
                .build());
        client.addListener(states);
        return client;
    }

    /**
     * Opens the connections that are not open yet, subscribing {@code onMessage} to {@code channels}. Safe to call
     * again after a failure: only the heartbeat calls it.
     */
    synchronized CompletionStage<Void> connect(BiConsumer<String, String> onMessage, String... channels) {
        if (tracker != null && control != null && pubsub != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (connecting != null && !connecting.isDone()) {
            return connecting;
        }
        CompletableFuture<Void> trackerConnection = tracker != null
                ? CompletableFuture.completedFuture(null)
                : trackerClient.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenAccept(c -> tracker = c);
        CompletableFuture<Void> controlConnection = control != null
                ? CompletableFuture.completedFuture(null)
                : controlClient.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenAccept(c -> control = c);
        CompletableFuture<Void> subscriber = pubsub != null
                ? CompletableFuture.completedFuture(null)
                : trackerClient.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture()
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
        connecting = CompletableFuture.allOf(trackerConnection, controlConnection, subscriber);
        return connecting;
    }

    /** Every connection exists and is up right now. */
    boolean open() {
        return isOpen(tracker) && isOpen(control) && pubsub != null && pubsub.isOpen();
    }

    private static boolean isOpen(StatefulRedisConnection<String, String> connection) {
        return connection != null && connection.isOpen();
    }

    /** Runs a script for the tracker, on its connection, with the short timeout. */
    <T> CompletionStage<T> run(Script script, String[] keys, String... args) {
        return run(tracker, script, keys, args);
    }

    /** Runs a script on the control connection, with the longer timeout. */
    <T> CompletionStage<T> runControl(Script script, String[] keys, String... args) {
        return run(control, script, keys, args);
    }

    /** Runs a script by its digest, loading it first if Redis does not know it (after a restart, say). */
    @SuppressWarnings("unchecked")
    private <T> CompletionStage<T> run(StatefulRedisConnection<String, String> connection, Script script, String[] keys,
                                       String... args) {
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

    /** Plain commands on the control connection; null while it is not connected. */
    RedisAsyncCommands<String, String> control() {
        StatefulRedisConnection<String, String> connection = control;
        return connection == null ? null : connection.async();
    }

    @Override
    public void close() {
        trackerClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        controlClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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
