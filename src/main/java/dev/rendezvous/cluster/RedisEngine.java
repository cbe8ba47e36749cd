package dev.rendezvous.cluster;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * The connections to Redis, through Lettuce, all reconnecting by themselves (the channels re-subscribed):
 * <ul>
 *   <li>the tracker's: one thread-safe, pipelined connection for the calls frames wait for, with a short timeout;</li>
 *   <li>the control connection, for the heartbeat, resyncs and removals of dead nodes, with a longer timeout, so that
 *   a heartbeat never queues behind a busy node's announces and a busy node is not taken for a cut-off one;</li>
 *   <li>the pub/sub connection, for frames from other nodes and their events.</li>
 * </ul>
 * The URI decides the topology: {@code redis-sentinel://} asks Sentinel for the master (and again after a failover);
 * a {@code redis://} or {@code rediss://} URI naming several hosts, or one host of a server that reports
 * {@code cluster_enabled:1}, is a Redis Cluster, followed through its topology changes; anything else is one server.
 * Commands never wait long: while a connection is down they fail at once (on a Redis Cluster, after the command
 * timeout), one that takes longer than its timeout fails, and the request queues are bounded. Lettuce's I/O threads come from the container's managed thread factory.
 */
final class RedisEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisEngine.class.getName());
    private static final int REQUEST_QUEUE = 100_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final String NETTY_MACHINE_ID = "io.netty.machineId";

    static {
        // Netty names each channel with the host's hardware address. Where it finds none (containers, loopback-only
        // hosts) it takes random bytes and says so at WARNING on every node's start, which reads as a fault. The ids
        // only name connections in Lettuce's own log lines, so random bytes given up front do the same job quietly.
        // An operator's -Dio.netty.machineId is left alone.
        if (System.getProperty(NETTY_MACHINE_ID) == null) {
            byte[] id = new byte[8];
            new java.security.SecureRandom().nextBytes(id);
            System.setProperty(NETTY_MACHINE_ID, java.util.HexFormat.ofDelimiter(":").formatHex(id));
        }
    }

    /** How the engine reaches Redis. */
    enum Topology { SERVER, SENTINEL, CLUSTER }

    private final List<RedisURI> seeds;
    private final Duration trackerTimeout;
    private final Duration controlTimeout;
    private final RedisConnectionStateListener states;
    private final ClientResources resources;
    private final Map<Script, String> digests = new EnumMap<>(Script.class);
    private volatile Topology topology;
    private AbstractRedisClient trackerClient;
    private AbstractRedisClient controlClient;
    private volatile Link tracker;
    private volatile Link control;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private CompletableFuture<Void> connecting;

    /** A connection and its commands, whatever the topology. */
    private record Link(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {
        boolean open() {
            return connection.isOpen();
        }
    }

    RedisEngine(String redisUri, Duration trackerTimeout, Duration controlTimeout, ThreadFactory threads,
                RedisConnectionStateListener states) {
        boolean sentinel = redisUri.startsWith("redis-sentinel");
        this.seeds = sentinel ? List.of(RedisURI.create(redisUri)) : RedisClusterURIUtil.toRedisURIs(URI.create(redisUri));
        this.topology = sentinel ? Topology.SENTINEL : seeds.size() > 1 ? Topology.CLUSTER : null;
        this.trackerTimeout = trackerTimeout;
        this.controlTimeout = controlTimeout;
        this.states = states;
        this.resources = DefaultClientResources.builder()
                .threadFactoryProvider(poolName -> threads)
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
        for (Script script : Script.values()) {
            digests.put(script, sha1(script.body()));
        }
    }

    /**
     * Opens the connections that are not open yet, subscribing {@code onMessage} to {@code channels}; the first call
     * learns the topology. Safe to call again after a failure: only the heartbeat calls it.
     */
    synchronized CompletionStage<Void> connect(BiConsumer<String, String> onMessage, String... channels) {
        if (tracker != null && control != null && pubsub != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (connecting != null && !connecting.isDone()) {
            return connecting;
        }
        connecting = topology().thenCompose(known -> connectAll(onMessage, channels));
        return connecting;
    }

    /** The topology, asking the server the first time whether it is part of a Redis Cluster. */
    private CompletableFuture<Topology> topology() {
        if (topology != null) {
            return CompletableFuture.completedFuture(topology);
        }
        RedisClient probe = RedisClient.create(resources, seeds.get(0));
        probe.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(controlTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build()).build());
        return probe.connectAsync(StringCodec.UTF8, seeds.get(0)).toCompletableFuture()
                .thenCompose(connection -> connection.async().info("cluster").toCompletableFuture()
                        .whenComplete((info, failure) -> connection.closeAsync()))
                .handle((info, failure) -> {
                    probe.shutdownAsync(0, 2, TimeUnit.SECONDS);
                    if (failure != null) {
                        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                    }
                    return info.contains("cluster_enabled:1") ? Topology.CLUSTER : Topology.SERVER;
                })
                .thenApply(found -> {
                    synchronized (this) {
                        topology = found;
                    }
                    return found;
                });
    }

    private synchronized CompletableFuture<Void> connectAll(BiConsumer<String, String> onMessage, String... channels) {
        if (trackerClient == null) {
            trackerClient = client(trackerTimeout);
            controlClient = client(controlTimeout);
            LOG.info("Rendezvous cluster: Redis " + switch (topology) {
                case SERVER -> "is one server";
                case SENTINEL -> "master is found through Sentinel";
                case CLUSTER -> "is a Redis Cluster (" + seeds.size() + " seed address" + (seeds.size() == 1 ? ")" : "es)");
            });
        }
        CompletableFuture<Void> trackerConnection = tracker != null
                ? CompletableFuture.completedFuture(null)
                : link(trackerClient).thenAccept(link -> tracker = link);
        CompletableFuture<Void> controlConnection = control != null
                ? CompletableFuture.completedFuture(null)
                : link(controlClient).thenAccept(link -> control = link);
        CompletableFuture<Void> subscriber = pubsub != null
                ? CompletableFuture.completedFuture(null)
                : pubSub(trackerClient).thenCompose(connection -> {
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
        return CompletableFuture.allOf(trackerConnection, controlConnection, subscriber);
    }

    private AbstractRedisClient client(Duration timeout) {
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .build();
        AbstractRedisClient client;
        if (topology == Topology.CLUSTER) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, seeds);
            // Lettuce 7.7 rejects every cluster command under REJECT_COMMANDS, its shards' connections open or not
            // (the path lettuce#3782 changed); here commands while a shard is away wait for the command timeout.
            cluster.setOptions(ClusterClientOptions.builder(options)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .enableAllAdaptiveRefreshTriggers()
                            // After a failover the dead master's slots go to it until the slot map is read again,
                            // and a dead server sends no redirect. So every failed reconnect asks for a refresh, at
                            // most one a second: by default the first came before the replica took over, and the
                            // next waited for five failed reconnects or up to 30 s, those slots' rooms served by
                            // each node alone meanwhile.
                            .refreshTriggersReconnectAttempts(1)
                            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                            .build())
                    .build());
            client = cluster;
        } else {
            RedisClient server = RedisClient.create(resources, seeds.get(0));
            server.setOptions(options);
            client = server;
        }
        client.addListener(states);
        return client;
    }

    private CompletableFuture<Link> link(AbstractRedisClient client) {
        if (client instanceof RedisClusterClient cluster) {
            return partitions(cluster).thenCompose(known -> cluster.connectAsync(StringCodec.UTF8))
                    .thenCompose(RedisEngine::toEveryShard)
                    .thenApply(c -> new Link(c, c.async()));
        }
        return ((RedisClient) client).connectAsync(StringCodec.UTF8, seeds.get(0)).toCompletableFuture()
                .thenApply(c -> new Link(c, c.async()));
    }

    private CompletableFuture<? extends StatefulRedisPubSubConnection<String, String>> pubSub(AbstractRedisClient client) {
        if (client instanceof RedisClusterClient cluster) {
            return partitions(cluster).thenCompose(known -> cluster.connectPubSubAsync(StringCodec.UTF8));
        }
        return ((RedisClient) client).connectPubSubAsync(StringCodec.UTF8, seeds.get(0)).toCompletableFuture();
    }

    /** Lettuce's asynchronous connect needs the cluster's slots known first (its synchronous one loads them itself). */
    private static CompletableFuture<Void> partitions(RedisClusterClient cluster) {
        return cluster.refreshPartitionsAsync().toCompletableFuture();
    }

    /**
     * Opens the connection to every shard now: Lettuce opens them on first use, and one still opening rejects
     * commands, as a disconnected one must, so the first announces of every room would fail.
     */
    private static CompletableFuture<StatefulRedisClusterConnection<String, String>> toEveryShard(
            StatefulRedisClusterConnection<String, String> connection) {
        List<CompletableFuture<?>> shards = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                shards.add(connection.getConnectionAsync(node.getNodeId()));
            }
        }
        return CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new)).thenApply(open -> connection);
    }

    /** Every connection exists and is up right now. */
    boolean open() {
        Link t = tracker;
        Link c = control;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        return t != null && t.open() && c != null && c.open() && p != null && p.isOpen();
    }

    /** Runs a script for the tracker, on its connection, with the short timeout. */
    <T> CompletionStage<T> run(Script script, String[] keys, String... args) {
        return run(tracker, script, keys, args);
    }

    /** Runs a script on the control connection, with the longer timeout. */
    <T> CompletionStage<T> runControl(Script script, String[] keys, String... args) {
        return run(control, script, keys, args);
    }

    /** Runs a script by its digest, or by its body if Redis does not know it (after a restart, say). */
    private <T> CompletionStage<T> run(Link link, Script script, String[] keys, String... args) {
        if (link == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        RedisClusterAsyncCommands<String, String> redis = link.commands();
        ScriptOutputType type = ScriptOutputType.MULTI;
        return redis.<T>evalsha(digests.get(script), type, keys, args).toCompletableFuture()
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    return cause instanceof RedisNoScriptException
                            ? redis.<T>eval(script.body(), type, keys, args).toCompletableFuture()
                            : CompletableFuture.failedFuture(cause);
                });
    }

    /** Plain commands on the tracker's connection; null while it is not connected. */
    RedisClusterAsyncCommands<String, String> commands() {
        Link link = tracker;
        return link == null ? null : link.commands();
    }

    /** Plain commands on the control connection; null while it is not connected. */
    RedisClusterAsyncCommands<String, String> control() {
        Link link = control;
        return link == null ? null : link.commands();
    }

    @Override
    public synchronized void close() {
        for (AbstractRedisClient client : new AbstractRedisClient[]{trackerClient, controlClient}) {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
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
