package dev.rendezvous.cluster;

import dev.rendezvous.admin.AdminEvent;
import dev.rendezvous.admin.AdminJson;
import dev.rendezvous.admin.AdminProblem;
import dev.rendezvous.admin.AllocationReport;
import dev.rendezvous.admin.Fleet;
import dev.rendezvous.admin.LocalNode;
import dev.rendezvous.admin.NodeReport;
import dev.rendezvous.admin.ReloadReport;
import dev.rendezvous.admin.PeerReport;
import dev.rendezvous.admin.RoomReport;
import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.AdminSettings;
import dev.rendezvous.config.ClusterSettings;
import dev.rendezvous.tracker.ClusterView;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.json.bind.Jsonb;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin API's view of a cluster: every node answers the others through Redis pub/sub, on connections of its own
 * (apart from the tracker's, so that an operator's read never queues behind announces, nor they behind it).
 * <ul>
 *   <li>A read or an action is published on {@code admin:all} (or on one node's {@code admin:node:<id>}); each
 *   node answers it with its {@link LocalNode} on the asker's {@code admin:node:<id>}. The asker waits for every
 *   live node (the heartbeat's list), at most {@code rendezvous.admin.request-timeout-millis}; a node that does not
 *   answer in time is left out of a read.</li>
 *   <li>Bans are keys with a TTL ({@code {cluster}:admin:ban:<id>}, indexed in {@code {cluster}:admin:bans}), which
 *   every node loads at start and every few seconds, and which a ban's maker also announces at once.</li>
 *   <li>Events go out on {@code admin:events}; each node hands the other nodes' events to its own subscribers.</li>
 * </ul>
 */
public final class ClusterFleet implements Fleet {
    private static final Logger LOG = Logger.getLogger(ClusterFleet.class.getName());
    private static final Jsonb JSON = AdminJson.jsonb();
    private static final long SYNC_MILLIS = 3000;

    /** One message between nodes: a request ({@code op} set) or a reply ({@code body} set). */
    public record Message(String kind, String requestId, String from, String op, String infoHash, String peerId,
                          String id, BanList.Ban ban, String body) {
    }

    /** One request waiting for its replies. */
    private static final class Pending {
        final Set<String> awaited;
        final List<String> bodies = new ArrayList<>();
        final CompletableFuture<List<String>> done = new CompletableFuture<>();

        Pending(Set<String> awaited) {
            this.awaited = awaited;
        }

        /** A node's answer; a null body is a node that holds nothing of what was asked. */
        synchronized void reply(String node, String body) {
            if (awaited.remove(node) && body != null) {
                bodies.add(body);
            }
            if (awaited.isEmpty()) {
                done.complete(new ArrayList<>(bodies));
            }
        }

        synchronized void timeOut() {
            done.complete(new ArrayList<>(bodies));
        }
    }

    private final ClusterSettings cluster;
    private final AdminSettings settings;
    private final LocalNode node;
    private final ClusterView view;
    private final String prefix;
    /** The fixed channel and key names, written once: events cross the event channel per peer join and leave. */
    private final String allChannel;
    private final String eventChannel;
    private final String banIndex;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile RedisEngine engine;
    private volatile Consumer<AdminEvent> events;
    private volatile Set<String> lastLive = Set.of();
    private ScheduledFuture<?> sync;
    /** The container's executors, looked up once on an application thread (Lettuce's threads have no naming context). */
    private volatile ExecutorService executor;
    private volatile ScheduledExecutorService scheduler;

    public ClusterFleet(ClusterSettings cluster, AdminSettings settings, LocalNode node, ClusterView view) {
        this.cluster = cluster;
        this.settings = settings;
        this.node = node;
        this.view = view;
        this.prefix = cluster.keyPrefix();
        this.allChannel = prefix + "admin:all";
        this.eventChannel = prefix + "admin:events";
        this.banIndex = prefix + "{cluster}:admin:bans";
    }

    private String nodeChannel(String nodeId) {
        return prefix + "admin:node:" + nodeId;
    }

    private String banKey(String id) {
        return prefix + "{cluster}:admin:ban:" + id;
    }

    @Override
    public synchronized void start(Consumer<AdminEvent> toSubscribers) {
        this.events = toSubscribers;
        executor = lookup("java:comp/DefaultManagedExecutorService");
        scheduler = lookup("java:comp/DefaultManagedScheduledExecutorService");
        sync = scheduler.scheduleWithFixedDelay(this::sync, 0, SYNC_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public Consumer<AdminEvent> toOtherNodes() {
        return this::publish;
    }

    /** Connects (again) if needed, reloads the bans from Redis, and tells this node's subscribers of nodes coming and going. */
    private void sync() {
        try {
            RedisEngine current = engine();
            if (!current.open()) {
                current.connect(this::onMessage, allChannel, nodeChannel(node.id()), eventChannel)
                        .toCompletableFuture().get(settings.requestTimeoutMillis() + 2000L, TimeUnit.MILLISECONDS);
            }
            loadBans(current).toCompletableFuture().get(settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
            Set<String> live = new HashSet<>(liveNodes());
            Set<String> before = lastLive;
            lastLive = live;
            Consumer<AdminEvent> subscribers = events;
            if (subscribers != null && !before.isEmpty()) {
                for (String joined : live) {
                    if (!before.contains(joined)) {
                        subscribers.accept(nodeEvent("node-joined", joined));
                    }
                }
                for (String left : before) {
                    if (!live.contains(left)) {
                        subscribers.accept(nodeEvent("node-left", left));
                    }
                }
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "admin: cluster sync failed: {0}", e.toString());
        }
    }

    private static AdminEvent nodeEvent(String type, String nodeId) {
        return new AdminEvent(type, nodeId, java.time.Instant.now().toString(), "", "", "", "");
    }

    private CompletionStage<Void> loadBans(RedisEngine current) {
        RedisClusterAsyncCommands<String, String> redis = current.control();
        if (redis == null) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.smembers(banIndex).thenCompose(ids -> {
            if (ids.isEmpty()) {
                for (BanList.Ban ban : node.bans().active(System.currentTimeMillis())) {
                    node.bans().remove(ban.id()); // lifted elsewhere, or Redis lost them
                }
                return CompletableFuture.completedFuture(null);
            }
            List<String> idList = new ArrayList<>(ids);
            return redis.mget(idList.stream().map(this::banKey).toArray(String[]::new)).thenAccept(values -> {
                Set<String> present = new HashSet<>();
                for (int i = 0; i < values.size(); i++) {
                    String id = idList.get(i);
                    if (values.get(i).hasValue()) {
                        BanList.Ban ban = JSON.fromJson(values.get(i).getValue(), BanList.Ban.class);
                        present.add(ban.id());
                        if (node.bans().find(ban.id()) == null) {
                            node.bans().add(ban);
                        }
                    } else {
                        redis.srem(banIndex, id);
                    }
                }
                for (BanList.Ban ban : node.bans().active(System.currentTimeMillis())) {
                    if (!present.contains(ban.id())) {
                        node.bans().remove(ban.id());
                    }
                }
            });
        }).toCompletableFuture();
    }

    private synchronized RedisEngine engine() {
        if (engine == null) {
            ThreadFactory threads;
            try {
                threads = InitialContext.doLookup("java:comp/DefaultManagedThreadFactory");
            } catch (NamingException e) {
                throw new IllegalStateException("no managed thread factory for the admin's Redis client", e);
            }
            Duration timeout = Duration.ofMillis(settings.requestTimeoutMillis());
            engine = new RedisEngine(cluster.redisUri().orElseThrow(), timeout, timeout, threads,
                    new RedisConnectionStateListener() {
                        @Override
                        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                            // the next sync reconnects
                        }
                    });
        }
        return engine;
    }

    @Override
    public synchronized void close() {
        if (sync != null) {
            sync.cancel(false);
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** Sends this node's event to the other nodes. */
    public void publish(AdminEvent event) {
        RedisEngine current = engine;
        RedisClusterAsyncCommands<String, String> redis = current == null ? null : current.commands();
        if (redis != null) {
            redis.publish(eventChannel, JSON.toJson(event));
        }
    }

    private void onMessage(String channel, String text) {
        try {
            if (channel.equals(eventChannel)) {
                AdminEvent event = JSON.fromJson(text, AdminEvent.class);
                Consumer<AdminEvent> subscribers = events;
                if (subscribers != null && !node.id().equals(event.node())) {
                    subscribers.accept(event);
                }
                return;
            }
            Message message = JSON.fromJson(text, Message.class);
            if ("reply".equals(message.kind())) {
                Pending waiting = pending.get(message.requestId());
                if (waiting != null) {
                    waiting.reply(message.from(), message.body());
                }
            } else if ("request".equals(message.kind()) && !node.id().equals(message.from())) {
                executor.execute(() -> answer(message));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "admin: unreadable message on " + channel, e);
        }
    }

    /** Answers another node's request with this node's share. */
    private void answer(Message request) {
        Object body = local(request);
        RedisClusterAsyncCommands<String, String> redis = engine.commands();
        if (redis != null) {
            redis.publish(nodeChannel(request.from()), JSON.toJson(new Message("reply", request.requestId(), node.id(),
                    null, null, null, null, null, body == null ? null : JSON.toJson(body))));
        }
    }

    /** What this node answers to a request (null: nothing here). */
    private Object local(Message request) {
        return switch (request.op()) {
            case "node" -> node.node();
            case "rooms" -> node.rooms();
            case "peers" -> node.peers(request.infoHash());
            case "kick" -> node.kick(request.infoHash(), request.peerId());
            case "allocations" -> node.allocations();
            case "end" -> node.end(request.id());
            case "drain" -> {
                if (!node.id().equals(request.id())) {
                    yield null;
                }
                node.drain();
                yield Boolean.TRUE;
            }
            case "reload" -> node.id().equals(request.id()) ? node.reload() : null;
            case "ban" -> {
                node.bans().add(request.ban());
                yield Boolean.TRUE;
            }
            case "unban" -> node.bans().remove(request.id()) != null ? Boolean.TRUE : null;
            default -> null;
        };
    }

    private List<String> liveNodes() {
        return view.status().map(status -> status.liveNodes()).orElse(List.of(node.id()));
    }

    /**
     * Asks every other live node (or only {@code target}), and completes with each answer that came in time and was not
     * empty, this node's own first.
     */
    private <T> CompletionStage<List<T>> ask(Message request, String target, Type type) {
        Object mine = target == null || target.equals(node.id()) ? local(request) : null;
        List<T> results = new ArrayList<>();
        if (mine != null) {
            @SuppressWarnings("unchecked")
            T own = (T) mine;
            results.add(own);
        }
        Set<String> awaited = new HashSet<>(target == null ? liveNodes() : List.of(target));
        awaited.remove(node.id());
        RedisEngine current = engine;
        RedisClusterAsyncCommands<String, String> redis = current == null ? null : current.commands();
        if (awaited.isEmpty() || redis == null || scheduler == null) {
            return CompletableFuture.completedFuture(results);
        }
        Pending waiting = new Pending(awaited);
        pending.put(request.requestId(), waiting);
        scheduler.schedule(waiting::timeOut, settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        redis.publish(target == null ? allChannel : nodeChannel(target), JSON.toJson(request));
        return waiting.done.thenApply(bodies -> {
            pending.remove(request.requestId());
            for (String body : bodies) {
                if (body != null) {
                    results.add(JSON.fromJson(body, type));
                }
            }
            return results;
        });
    }

    private Message request(String op, String infoHash, String peerId, String id, BanList.Ban ban) {
        return new Message("request", String.format("%016x", ThreadLocalRandom.current().nextLong()), node.id(), op,
                infoHash, peerId, id, ban, null);
    }

    private static <T> Function<List<List<T>>, List<T>> flat() {
        return lists -> {
            List<T> flat = new ArrayList<>();
            lists.forEach(flat::addAll);
            return flat;
        };
    }

    private static Type listOf(Class<?> item) {
        return new java.lang.reflect.ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[]{item};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }

    @Override
    public CompletionStage<List<NodeReport>> nodes() {
        return ask(request("node", null, null, null, null), null, NodeReport.class);
    }

    @Override
    public CompletionStage<List<RoomReport>> rooms() {
        return this.<List<RoomReport>>ask(request("rooms", null, null, null, null), null, listOf(RoomReport.class))
                .thenApply(flat());
    }

    @Override
    public CompletionStage<List<PeerReport>> peers(String infoHash) {
        return this.<List<PeerReport>>ask(request("peers", infoHash, null, null, null), null, listOf(PeerReport.class))
                .thenApply(flat());
    }

    @Override
    public CompletionStage<PeerReport> kick(String infoHash, String peerId) {
        return this.<PeerReport>ask(request("kick", infoHash, peerId, null, null), null, PeerReport.class)
                .thenApply(kicked -> kicked.isEmpty() ? null : kicked.get(0));
    }

    @Override
    public CompletionStage<List<AllocationReport>> allocations() {
        return this.<List<AllocationReport>>ask(request("allocations", null, null, null, null), null,
                listOf(AllocationReport.class)).thenApply(flat());
    }

    @Override
    public CompletionStage<AllocationReport> end(String id) {
        return this.<AllocationReport>ask(request("end", null, null, id, null), null, AllocationReport.class)
                .thenApply(ended -> ended.isEmpty() ? null : ended.get(0));
    }

    @Override
    public CompletionStage<Boolean> drain(String nodeId) {
        if (!liveNodes().contains(nodeId) && !nodeId.equals(node.id())) {
            return CompletableFuture.completedFuture(false);
        }
        return this.<Boolean>ask(request("drain", null, null, nodeId, null), nodeId, Boolean.class)
                .thenApply(started -> !started.isEmpty());
    }

    @Override
    public CompletionStage<ReloadReport> reload(String nodeId) {
        if (!liveNodes().contains(nodeId) && !nodeId.equals(node.id())) {
            return CompletableFuture.completedFuture(null);
        }
        return this.<ReloadReport>ask(request("reload", null, null, nodeId, null), nodeId, ReloadReport.class)
                .thenApply(outcome -> outcome.isEmpty() ? null : outcome.get(0));
    }

    @Override
    public CompletionStage<Void> ban(BanList.Ban ban) {
        node.bans().add(ban);
        RedisEngine current = engine;
        RedisClusterAsyncCommands<String, String> redis = current == null ? null : current.control();
        if (redis == null) {
            return CompletableFuture.failedFuture(new AdminProblem(jakarta.ws.rs.core.Response.Status.SERVICE_UNAVAILABLE,
                    "Redis is unreachable: the ban holds on this node only until Redis is back and it is made again"));
        }
        long ttl = Math.max(1, ban.expiresMillis() - System.currentTimeMillis());
        return redis.set(banKey(ban.id()), JSON.toJson(ban), SetArgs.Builder.px(ttl))
                .thenCompose(ok -> redis.sadd(banIndex, ban.id()))
                .thenCompose(added -> ask(request("ban", null, null, ban.id(), ban), null, Boolean.class))
                .thenApply(told -> (Void) null).toCompletableFuture();
    }

    @Override
    public CompletionStage<Boolean> unban(String id) {
        boolean here = node.bans().remove(id) != null;
        RedisEngine current = engine;
        RedisClusterAsyncCommands<String, String> redis = current == null ? null : current.control();
        if (redis == null) {
            return CompletableFuture.completedFuture(here);
        }
        return redis.del(banKey(id)).thenCompose(deleted -> redis.srem(banIndex, id).thenCompose(removed ->
                this.<Boolean>ask(request("unban", null, null, id, null), null, Boolean.class)
                        .thenApply(elsewhere -> here || deleted > 0 || !elsewhere.isEmpty())));
    }

    @Override
    public List<BanList.Ban> bans() {
        return node.bans().active(System.currentTimeMillis());
    }

    @SuppressWarnings("unchecked")
    private static <T> T lookup(String name) {
        try {
            return (T) InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("no " + name, e);
        }
    }

    @Override
    public String toString() {
        return "ClusterFleet[" + Objects.toString(node.id()) + "]";
    }
}
