package dev.rendezvous.cluster;

import dev.rendezvous.config.ClusterSettings;
import dev.rendezvous.tracker.ClusterStatus;
import dev.rendezvous.tracker.ClusterView;
import dev.rendezvous.tracker.TrackerStats;
import dev.rendezvous.tracker.wire.BinaryString;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Duration;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The tracker's view of a cluster on Redis. Rooms live in Redis hashes (peer_id to holding node and seeder flag),
 * changed only by Lua scripts, so every change is atomic; offers and answers for another node's peers go to that
 * node's pub/sub channel, encoded once, byte for byte. Every call is asynchronous; while the engine is not
 * {@linkplain #connected() connected}, the tracker serves its own peers and changes are left for the next
 * {@linkplain NodeHeartbeat resync}.
 */
public final class RedisCluster implements ClusterView {
    private static final int HEX_ID = 2 * BinaryString.ID_LENGTH;

    private final ClusterSettings settings;
    private final Keys keys;
    private final ClusterMetrics metrics;
    private final RemotePeers remotePeers = new RemotePeers();
    private volatile RedisEngine engine;
    private volatile boolean up;
    /** Set once the first heartbeat has run, connected or not: until then the node is not ready. */
    private volatile boolean started;
    /** Set when a change may not have reached Redis; the next heartbeat then rebuilds this node's share. */
    private volatile boolean dirty = true;
    private volatile LocalSwarms local;
    private volatile Membership membership = Membership.NONE;
    private final RecentCounts recentCounts = new RecentCounts(TimeUnit.SECONDS.toNanos(1));
    private final RoomIndex index;
    private final DeliveredOffers delivered;

    RedisCluster(ClusterSettings settings, ClusterMetrics metrics) {
        this.settings = settings;
        this.keys = new Keys(settings.keyPrefix(), settings.nodeId());
        this.metrics = metrics;
        this.index = new RoomIndex(keys, () -> dirty = true);
        this.delivered = new DeliveredOffers(TimeUnit.MILLISECONDS.toNanos(2L * settings.commandTimeoutMillis()),
                1 << 15, System.nanoTime());
    }

    /**
     * The engine, made on the heartbeat's first run: Lettuce starts its threads as it is made, and a managed
     * thread does not start while the application is still starting, which is when CDI makes this bean. The thread
     * factory is looked up by its standard name on that (managed) thread: Payara Micro 6 fails the deployment of
     * this package's producer bean when it carries an {@code @Resource} field.
     */
    synchronized RedisEngine engine() {
        if (engine == null) {
            ThreadFactory threads;
            try {
                threads = InitialContext.doLookup("java:comp/DefaultManagedThreadFactory");
            } catch (NamingException e) {
                throw new IllegalStateException("no managed thread factory for the Redis client", e);
            }
            engine = new RedisEngine(settings.redisUri().orElseThrow(), Duration.ofMillis(settings.commandTimeoutMillis()),
                    controlTimeout(settings), threads, new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    up = false; // answer from this node at once, rather than after the command timeout
                    dirty = true;
                }
            });
        }
        return engine;
    }

    /** The engine if the heartbeat has made it, else null (a node that never reached the point of connecting). */
    RedisEngine engineIfMade() {
        return engine;
    }

    /** Half the node timeout (at least the command timeout): a heartbeat may be slow, but not slower than that. */
    static Duration controlTimeout(ClusterSettings settings) {
        return Duration.ofMillis(Math.max(settings.commandTimeoutMillis(), settings.nodeTimeout() * 500L));
    }

    /** Closes the engine, if it was ever made. */
    synchronized void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The last heartbeat's findings. */
    record Membership(List<String> liveNodes, int rooms, List<TrackerStats> otherNodes) {
        static final Membership NONE = new Membership(List.of(), 0, List.of());
    }

    @Override
    public boolean connected() {
        RedisEngine current = engine;
        return up && current != null && current.open();
    }

    @Override
    public void attach(LocalSwarms local) {
        this.local = local;
    }

    @Override
    public CompletionStage<Announced> announce(String infoHash, String peerId, boolean seeder, boolean completed,
                                               String[] offerFrames) {
        RedisEngine current = engine;
        RedisClusterAsyncCommands<String, String> redis = current == null ? null : current.commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis yet"));
        }
        String room = BinaryString.toHex(infoHash);
        index.holding(redis, room);
        String[] args = new String[7 + offerFrames.length];
        args[0] = BinaryString.toHex(peerId);
        args[1] = keys.node();
        args[2] = seeder ? "1" : "0";
        args[3] = completed ? "1" : "0";
        args[4] = room;
        args[5] = keys.frameChannelPrefix();
        args[6] = offerFrames.length == 0 ? "0" : Integer.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
        System.arraycopy(offerFrames, 0, args, 7, offerFrames.length);
        CompletionStage<List<Object>> result = current.run(Script.ANNOUNCE, keys.roomKeys(room), args);
        return watch(result.whenComplete((reply, failure) -> {
            if (failure != null) {
                dirty = true; // the peer may or may not be written: the next heartbeat rewrites this node's share
            }
        }).thenApply(reply -> {
            int complete = integer(reply.get(0));
            int incomplete = integer(reply.get(1));
            if (integer(reply.get(2)) == 1) {
                index.sized(redis, room, 1);
            }
            int sentToNodes = integer(reply.get(3));
            int locals = integer(reply.get(4));
            List<String> targets = new ArrayList<>(locals);
            int[] offers = new int[locals];
            for (int i = 0; i < locals; i++) {
                targets.add(BinaryString.fromHex((String) reply.get(5 + 2 * i)));
                offers[i] = integer(reply.get(6 + 2 * i));
            }
            if (sentToNodes > 0) {
                metrics.sentToNodes(sentToNodes);
            }
            for (int i = 5 + 2 * locals; i + 1 < reply.size(); i += 2) {
                unheard(room, (String) reply.get(i), (String) reply.get(i + 1));
            }
            recentCounts.put(infoHash, complete, incomplete, System.nanoTime());
            return new Announced(complete, incomplete, targets, offers, sentToNodes);
        }), offerFrames.length);
    }

    @Override
    public CompletionStage<AddressesAnnounced> announceAddress(String infoHash, String key, boolean seeder,
                                                               boolean completed, int wanted, boolean ipv6,
                                                               boolean sameFamilyOnly) {
        RedisEngine current = engine;
        RedisClusterAsyncCommands<String, String> redis = current == null ? null : current.commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis yet"));
        }
        String room = BinaryString.toHex(infoHash);
        index.holding(redis, room);
        CompletionStage<List<Object>> result = current.run(Script.ANNOUNCE_ADDRESS, keys.roomKeys(room),
                BinaryString.toHex(key), keys.node(), seeder ? "1" : "0", completed ? "1" : "0",
                Integer.toString(wanted), ipv6 ? "6" : "4", sameFamilyOnly ? "0" : "1",
                Integer.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)));
        return result.whenComplete((reply, failure) -> {
            if (failure != null) {
                dirty = true;
            }
        }).thenApply(reply -> {
            int complete = integer(reply.get(0));
            int incomplete = integer(reply.get(1));
            if (integer(reply.get(2)) == 1) {
                index.sized(redis, room, 1);
            }
            List<String> peers = new ArrayList<>(reply.size() - 3);
            for (int i = 3; i < reply.size(); i++) {
                peers.add(BinaryString.fromHex((String) reply.get(i)));
            }
            recentCounts.put(infoHash, complete, incomplete, System.nanoTime());
            return new AddressesAnnounced(complete, incomplete, peers);
        });
    }

    /**
     * An offer that no node took: its target's node is not listening. If that node is not live either, the target's
     * entry is a leftover (a node whose removal was cut short leaves such entries) and goes.
     */
    private void unheard(String room, String peerHex, String node) {
        metrics.dropped(ClusterMetrics.Drop.NODE_NOT_LISTENING, 1);
        if (!membership.liveNodes().contains(node)) {
            leave(room, peerHex, node);
        }
    }

    @Override
    public ScrapeFile recentCounts(String infoHash) {
        return recentCounts.get(infoHash, System.nanoTime());
    }

    @Override
    public CompletionStage<ScrapeFile> counts(String infoHash) {
        return scrape(List.of(infoHash)).thenApply(files -> files.getOrDefault(infoHash, ScrapeFile.EMPTY));
    }

    @Override
    public CompletionStage<Boolean> route(String infoHash, String peerId, String frame) {
        String infoHashHex = BinaryString.toHex(infoHash);
        String peerHex = BinaryString.toHex(peerId);
        CompletionStage<List<Object>> result = call(Script.ROUTE, new String[]{keys.room(infoHashHex)},
                infoHashHex, peerHex, keys.node(), keys.frameChannelPrefix(), frame);
        return watch(result.thenApply(reply -> {
            long taken = integer(reply.get(0));
            if (taken > 0) {
                metrics.sentToNodes(1);
            } else if (taken == 0) {
                metrics.dropped(ClusterMetrics.Drop.NODE_NOT_LISTENING, 1);
            }
            return taken > 0;
        }), 1);
    }

    @Override
    public CompletionStage<Map<String, ScrapeFile>> scrape(List<String> infoHashes) {
        RedisEngine current = engine;
        RedisClusterAsyncCommands<String, String> redis = current == null ? null : current.commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis yet"));
        }
        if (infoHashes.isEmpty()) {
            return redis.smembers(keys.rooms()).thenCompose(rooms -> countRooms(current, List.copyOf(rooms), false));
        }
        List<String> rooms = new ArrayList<>(infoHashes.size());
        for (String infoHash : infoHashes) {
            rooms.add(BinaryString.toHex(infoHash));
        }
        return countRooms(current, rooms, true);
    }

    /** One script per room: on a Redis Cluster, rooms live on different shards. Empty rooms count only if named. */
    private CompletionStage<Map<String, ScrapeFile>> countRooms(RedisEngine current, List<String> rooms, boolean named) {
        List<CompletableFuture<List<Object>>> replies = new ArrayList<>(rooms.size());
        for (String room : rooms) {
            replies.add(current.<List<Object>>run(Script.SCRAPE, keys.roomKeys(room)).toCompletableFuture());
        }
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, ScrapeFile> files = new LinkedHashMap<>();
            for (int i = 0; i < rooms.size(); i++) {
                List<Object> reply = replies.get(i).join();
                int size = integer(reply.get(0));
                int complete = integer(reply.get(1));
                if (size > 0 || named) {
                    files.put(BinaryString.fromHex(rooms.get(i)),
                            new ScrapeFile(complete, size - complete, integer(reply.get(2))));
                }
            }
            return files;
        });
    }

    @Override
    public boolean announcedElsewhere(String peerId) {
        return up && remotePeers.contains(peerId);
    }

    @Override
    public Optional<ClusterStatus> status() {
        boolean engineUp = connected();
        Membership m = engineUp ? membership : new Membership(List.of(keys.node()), 0, List.of());
        return Optional.of(new ClusterStatus(keys.node(), started, engineUp, m.liveNodes(), m.rooms(), m.otherNodes()));
    }

    @Override
    public void pairRemoved(String infoHash, String peerId) {
        leave(BinaryString.toHex(infoHash), BinaryString.toHex(peerId), keys.node());
    }

    @Override
    public void leaveAddress(String infoHash, String key) {
        leave(BinaryString.toHex(infoHash), BinaryString.toHex(key), "*");
    }

    /** Removes a peer from a room if {@code node} (or any node, for {@code *}) still holds it there. */
    private void leave(String room, String peerHex, String node) {
        if (!connected()) {
            dirty = true;
            return;
        }
        RedisEngine current = engine;
        current.<List<Object>>run(Script.LEAVE, keys.roomKeys(room), peerHex, node).whenComplete((reply, failure) -> {
            if (failure != null) {
                dirty = true;
            } else if (integer(reply.get(0)) == 1 && integer(reply.get(1)) == 0) {
                index.sized(current.commands(), room, 0);
            }
        });
    }

    @Override
    public void peerArrived(String peerId) {
        presence("+", peerId);
    }

    @Override
    public void peerGone(String peerId) {
        presence("-", peerId);
    }

    private void presence(String op, String peerId) {
        change(Script.PRESENCE, new String[]{keys.peersOf(keys.node())},
                op, BinaryString.toHex(peerId), keys.events(), keys.node());
    }

    /** A change that nobody waits for: if it cannot be made now, the next resync makes it. */
    private void change(Script script, String[] keyNames, String... args) {
        if (!connected()) {
            dirty = true;
            return;
        }
        call(script, keyNames, args).whenComplete((ok, failure) -> {
            if (failure != null) {
                dirty = true;
            }
        });
    }

    private <T> CompletionStage<T> call(Script script, String[] keyNames, String... args) {
        RedisEngine current = engine;
        return current == null
                ? CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis yet"))
                : current.run(script, keyNames, args);
    }

    /** A frame from another node, or an event about peers and nodes. Runs on the engine's pub/sub thread. */
    void onMessage(String channel, String message) {
        if (channel.equals(keys.events())) {
            onEvent(message);
            return;
        }
        if (message.length() < 2 * HEX_ID || local == null) {
            return;
        }
        metrics.receivedFromNodes();
        if (!delivered.first(message, 2 * HEX_ID, System.nanoTime())) {
            metrics.dropped(ClusterMetrics.Drop.DUPLICATE, 1);
            return;
        }
        String infoHash = BinaryString.fromHex(message.substring(0, HEX_ID));
        String peerId = BinaryString.fromHex(message.substring(HEX_ID, 2 * HEX_ID));
        if (!local.deliver(infoHash, peerId, message.substring(2 * HEX_ID))) {
            metrics.dropped(ClusterMetrics.Drop.PEER_GONE, 1);
        }
    }

    /** {@code +node peer}, {@code -node peer}, {@code reload node} or {@code gone node}. */
    private void onEvent(String event) {
        int space = event.indexOf(' ');
        if (space < 0) {
            return;
        }
        if (event.startsWith("gone ")) {
            remotePeers.drop(event.substring(space + 1));
        } else if (event.startsWith("reload ")) {
            String node = event.substring(space + 1);
            if (!node.equals(keys.node())) {
                reloadPeersOf(node);
            }
        } else if (event.length() == space + 1 + HEX_ID) {
            String node = event.substring(1, space);
            if (node.equals(keys.node())) {
                return;
            }
            String peerId = BinaryString.fromHex(event.substring(space + 1));
            if (event.charAt(0) == '+') {
                remotePeers.add(node, peerId);
            } else {
                remotePeers.remove(node, peerId);
            }
        }
    }

    CompletionStage<Void> reloadPeersOf(String node) {
        var redis = engine().control();
        if (redis == null) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.smembers(keys.peersOf(node)).thenAccept(hex -> {
            List<String> peers = new ArrayList<>(hex.size());
            for (String h : hex) {
                if (BinaryString.isHexId(h)) {
                    peers.add(BinaryString.fromHex(h));
                }
            }
            remotePeers.replace(node, peers);
        });
    }

    /** Counts the offers or answer that a failed call leaves to this node's own peers. */
    private <T> CompletionStage<T> watch(CompletionStage<T> call, int offersAtStake) {
        return offersAtStake == 0 ? call : call.whenComplete((ok, failure) -> {
            if (failure != null) {
                metrics.dropped(ClusterMetrics.Drop.ENGINE_UNAVAILABLE, offersAtStake);
            }
        });
    }

    private static int integer(Object value) {
        return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
    }

    // --- for the heartbeat ---

    Keys keys() {
        return keys;
    }

    RoomIndex index() {
        return index;
    }

    LocalSwarms local() {
        return local;
    }

    RemotePeers remotePeers() {
        return remotePeers;
    }

    /** Drops counts too old to serve, so that rooms nobody announces to leave no entry behind. */
    void expireCounts() {
        recentCounts.expire(System.nanoTime());
    }

    void markDirty() {
        dirty = true;
    }

    boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    void started() {
        started = true;
    }

    void up(boolean up) {
        this.up = up;
    }

    boolean isUp() {
        return up;
    }

    void membership(Membership membership) {
        this.membership = membership;
    }
}
