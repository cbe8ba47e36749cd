package dev.rendezvous.cluster;

import dev.rendezvous.tracker.ClusterView;
import dev.rendezvous.tracker.TrackerStats;
import dev.rendezvous.tracker.wire.BinaryString;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A node's part in the cluster, run every {@code node-timeout / 5} seconds on the container's scheduler (never on
 * a WebSocket thread, so it may wait, boundedly, for Redis):
 * <ol>
 *   <li>(re)connects to Redis when needed;</li>
 *   <li>marks this node alive with its figures, and learns the live nodes, theirs, and the dead ones;</li>
 *   <li>when this node's share may be wrong (first beat, Redis restarted or unreachable for a while, a change that
 *   failed, this node reaped after a long pause), rebuilds it from this node's rooms, and reloads the other nodes'
 *   announced peer_ids for the TURN gate;</li>
 *   <li>removes dead nodes and their peers (any live node may; doing it twice is harmless).</li>
 * </ol>
 */
final class NodeHeartbeat implements Runnable {
    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final int BATCH = 1_000;
    private static final long RESYNC_LIMIT_SECONDS = 30;

    private final RedisCluster cluster;
    private final long nodeTimeoutMillis;
    private final long waitMillis;
    private boolean reportedDown;
    private boolean first = true;
    private int failures;

    NodeHeartbeat(RedisCluster cluster, long nodeTimeoutMillis, long waitMillis) {
        this.cluster = cluster;
        this.nodeTimeoutMillis = nodeTimeoutMillis;
        this.waitMillis = waitMillis;
    }

    @Override
    public void run() {
        try {
            beat();
            failures = 0;
            if (reportedDown) {
                LOG.info("Rendezvous cluster: Redis is back; node " + cluster.keys().node() + " rebuilt its share");
                reportedDown = false;
            }
        } catch (Exception e) {
            // One slow beat on an open connection is a busy node or a busy Redis, not a lost one: the calls frames wait
            // for have their own timeout and fall back one by one. Two in a row, or a closed connection, is an outage.
            failures++;
            RedisEngine engine = cluster.engineIfMade();
            if (failures >= 2 || engine == null || !engine.open()) {
                cluster.up(false);
                if (!reportedDown) {
                    LOG.warning("Rendezvous cluster: Redis unreachable, serving this node's peers only: " + describe(e));
                    reportedDown = true;
                }
            }
        } finally {
            cluster.started();
        }
    }

    private void beat() throws Exception {
        RedisEngine engine = cluster.engine();
        Keys keys = cluster.keys();
        if (!engine.open()) {
            cluster.up(false);
            engine.connect(cluster::onMessage, keys.frameChannel(), keys.events())
                    .toCompletableFuture().get(waitMillis + 2_000, TimeUnit.MILLISECONDS);
        }
        ClusterView.LocalSwarms local = cluster.local();
        String figures = JSONB.toJson(local.figures().withoutRoomDetails());
        List<Object> reply = await(engine.<List<Object>>runControl(Script.HEARTBEAT,
                new String[]{keys.nodes(), keys.nodeFigures(), keys.rooms()},
                keys.node(), figures, Long.toString(nodeTimeoutMillis)).toCompletableFuture());
        boolean rejoined = ((Number) reply.get(0)).intValue() == 1;
        int rooms = ((Number) reply.get(1)).intValue();
        List<String> live = strings(reply.get(2));
        List<?> liveFigures = (List<?>) reply.get(3);
        List<String> dead = strings(reply.get(4));

        boolean dirty = cluster.takeDirty();
        if (rejoined || dirty || !cluster.isUp()) {
            resync(engine, keys, local);
            if (rejoined && !first) {
                // Counted as dead: a survivor may still be removing this node's peers, room by room. Once more later.
                cluster.markDirty();
            }
            List<CompletableFuture<Void>> reloads = new ArrayList<>();
            for (String node : live) {
                if (!node.equals(keys.node())) {
                    reloads.add(cluster.reloadPeersOf(node).toCompletableFuture());
                }
            }
            await(CompletableFuture.allOf(reloads.toArray(CompletableFuture[]::new)));
        }
        first = false;
        cluster.index().prune(engine.control(), room -> local.holds(BinaryString.fromHex(room)));
        cluster.remotePeers().retain(live);
        cluster.expireCounts();
        List<TrackerStats> others = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            Object json = liveFigures.get(i);
            if (!live.get(i).equals(keys.node()) && json instanceof String text) {
                try {
                    others.add(JSONB.fromJson(text, TrackerStats.class));
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "unreadable figures of node " + live.get(i), e);
                }
            }
        }
        cluster.membership(new RedisCluster.Membership(live, rooms, others));
        cluster.up(true);
        for (String node : dead) {
            remove(engine, cluster.index(), keys, node, nodeTimeoutMillis).thenAccept(removed -> {
                if (removed >= 0) {
                    LOG.info("Rendezvous cluster: node " + node + " was silent for " + nodeTimeoutMillis / 1000
                            + " s; removed it and its " + removed + " peers");
                }
            });
        }
    }

    /**
     * Removes a node's peers from every room it held, then forgets the node, unless it is alive again by then
     * ({@code timeoutMillis} -1: the node itself, draining). Each step may be done twice, by two survivors.
     *
     * @return how many peers were removed, or -1 if the node turned out to be alive
     */
    private static CompletionStage<Long> remove(RedisEngine engine, RoomIndex index, Keys keys, String node,
                                                long timeoutMillis) {
        RedisClusterAsyncCommands<String, String> redis = engine.control();
        if (redis == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        return redis.smembers(keys.roomsOf(node)).thenCompose(rooms -> {
            List<CompletableFuture<Long>> evictions = new ArrayList<>(rooms.size());
            for (String room : rooms) {
                evictions.add(engine.<List<Object>>runControl(Script.EVICT, keys.roomKeys(room), node)
                        .thenCompose(reply -> index.sized(redis, room, ((Number) reply.get(1)).longValue())
                                .thenApply(ok -> ((Number) reply.get(0)).longValue()))
                        .toCompletableFuture());
            }
            return CompletableFuture.allOf(evictions.toArray(CompletableFuture[]::new))
                    .thenApply(done -> evictions.stream().mapToLong(CompletableFuture::join).sum());
        }).thenCompose(removed -> engine.<List<Object>>runControl(Script.FORGET,
                        new String[]{keys.nodes(), keys.nodeFigures(), keys.roomsOf(node), keys.peersOf(node)},
                        node, Long.toString(timeoutMillis), keys.events())
                .thenApply(forgotten -> ((Number) forgotten.get(0)).intValue() == 1 ? removed : -1L));
    }

    /**
     * Makes the shared state hold exactly this node's peers for this node: every room it holds is rewritten,
     * every room it held and no longer does loses its entries, and its sets of rooms and peers are brought up to
     * date. The other nodes reload this node's peers afterwards.
     */
    private void resync(RedisEngine engine, Keys keys, ClusterView.LocalSwarms local) throws Exception {
        Map<String, List<String>> mine = new HashMap<>();
        Set<String> peers = new HashSet<>();
        local.forEachPeer((infoHash, peerId, seeder) -> {
            String peerHex = BinaryString.toHex(peerId);
            List<String> pairs = mine.computeIfAbsent(BinaryString.toHex(infoHash), k -> new ArrayList<>());
            pairs.add(peerHex);
            pairs.add(seeder ? "S" : "L");
            if (peerId.length() == BinaryString.ID_LENGTH) { // HTTP and UDP peers are not in the TURN gate's set
                peers.add(peerHex);
            }
        });
        RedisClusterAsyncCommands<String, String> redis = engine.control();
        Set<String> heldRooms = new HashSet<>(await(redis.smembers(keys.roomsOf(keys.node())).toCompletableFuture()));
        Set<String> heldPeers = new HashSet<>(await(redis.smembers(keys.peersOf(keys.node())).toCompletableFuture()));
        List<CompletableFuture<?>> pending = new ArrayList<>();
        pending.addAll(add(redis, keys.roomsOf(keys.node()), mine.keySet()));
        for (Map.Entry<String, List<String>> room : mine.entrySet()) {
            List<String> args = new ArrayList<>(1 + room.getValue().size());
            args.add(keys.node());
            args.addAll(room.getValue());
            pending.add(resyncRoom(engine, keys, room.getKey(), args.toArray(String[]::new)));
        }
        heldRooms.removeAll(mine.keySet());
        for (String gone : heldRooms) {
            pending.add(resyncRoom(engine, keys, gone, keys.node()));
        }
        pending.addAll(remove(redis, keys.roomsOf(keys.node()), heldRooms));
        pending.addAll(add(redis, keys.peersOf(keys.node()), peers));
        heldPeers.removeAll(peers);
        pending.addAll(remove(redis, keys.peersOf(keys.node()), heldPeers));
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(RESYNC_LIMIT_SECONDS, TimeUnit.SECONDS);
        cluster.index().heldExactly(mine.keySet());
        await(redis.publish(keys.events(), "reload " + keys.node()).toCompletableFuture());
        LOG.info("Rendezvous cluster: node " + keys.node() + " wrote its share: " + peers.size() + " peers in "
                + mine.size() + " rooms");
    }

    private CompletableFuture<?> resyncRoom(RedisEngine engine, Keys keys, String room, String... args) {
        return engine.<List<Object>>runControl(Script.RESYNC, keys.roomKeys(room), args)
                .thenCompose(reply -> cluster.index().sized(engine.control(), room, ((Number) reply.get(0)).longValue()))
                .toCompletableFuture();
    }

    /** Removes this node from the cluster with everything it holds, when it drains. */
    static void leave(RedisCluster cluster, long waitMillis) {
        Keys keys = cluster.keys();
        cluster.up(false);
        RedisEngine engine = cluster.engineIfMade();
        if (engine == null) {
            return; // never connected: nothing of this node is in Redis
        }
        try {
            remove(engine, cluster.index(), keys, keys.node(), -1).toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning("Rendezvous cluster: could not remove node " + keys.node()
                    + " from Redis; the other nodes will after the node timeout: " + describe(e));
        }
    }

    private static List<CompletableFuture<?>> add(RedisClusterAsyncCommands<String, String> redis, String key,
                                                  Set<String> members) {
        return inBatches(members, batch -> redis.sadd(key, batch));
    }

    private static List<CompletableFuture<?>> remove(RedisClusterAsyncCommands<String, String> redis, String key,
                                                     Set<String> members) {
        return inBatches(members, batch -> redis.srem(key, batch));
    }

    /** One command per {@value #BATCH} members, so that no command is unbounded. */
    private static List<CompletableFuture<?>> inBatches(Set<String> members,
                                                        Function<String[], CompletionStage<Long>> command) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (List<String> batch : batches(members)) {
            pending.add(command.apply(batch.toArray(String[]::new)).toCompletableFuture());
        }
        return pending;
    }

    private static List<List<String>> batches(Set<String> members) {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (String member : members) {
            batch.add(member);
            if (batch.size() == BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(waitMillis, TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }

    /** The failure and its causes, one line: Lettuce's "Unable to connect" says why only in its cause. */
    private static String describe(Exception e) {
        StringBuilder text = new StringBuilder();
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        for (int depth = 0; cause != null && depth < 4; cause = cause.getCause(), depth++) {
            text.append(depth == 0 ? "" : "; caused by ").append(cause.getClass().getSimpleName())
                    .append(cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return text.toString();
    }
}
