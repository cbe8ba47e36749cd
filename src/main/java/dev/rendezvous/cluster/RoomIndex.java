package dev.rendezvous.cluster;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The two sets that index rooms. On a Redis Cluster they live in another hash slot than the rooms, so no room script
 * can change them; they are kept in step from here, in an order that keeps them right when changes race:
 * <ul>
 *   <li>the cluster's rooms with peers: added when a script found a room non-empty; when one found it empty, removed
 *   and then looked at again, and added back if it filled meanwhile (another node's add may have come first);</li>
 *   <li>the rooms this node holds peers in, by which the others remove its peers if it dies: added <em>before</em>
 *   the node's first announce in a room, so a node that dies mid-announce leaves no peer behind unindexed, and
 *   pruned by the heartbeat the same remove-then-look-again way.</li>
 * </ul>
 * Room ids are info_hashes in hex.
 */
final class RoomIndex {
    private final Keys keys;
    private final Runnable onFailure;
    /** The rooms in this node's set, as far as this node has written it. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** @param onFailure called when a write may not have reached Redis (the next heartbeat then resyncs) */
    RoomIndex(Keys keys, Runnable onFailure) {
        this.keys = keys;
        this.onFailure = onFailure;
    }

    /** Records that this node is about to hold a peer in the room. */
    void holding(RedisClusterAsyncCommands<String, String> redis, String room) {
        if (!held.contains(room) && held.add(room)) { // contains first: add locks the entry even when it is there
            write(redis, room);
        }
    }

    private void write(RedisClusterAsyncCommands<String, String> redis, String room) {
        redis.sadd(keys.roomsOf(keys.node()), room).whenComplete((added, failure) -> {
                if (failure != null) {
                    held.remove(room);
                    onFailure.run();
                }
            });
    }

    /** Brings the cluster's set in step with a room's size, as a script just found it. */
    CompletionStage<?> sized(RedisClusterAsyncCommands<String, String> redis, String room, long size) {
        CompletionStage<?> done = size > 0
                ? redis.sadd(keys.rooms(), room)
                : redis.srem(keys.rooms(), room)
                .thenCompose(removed -> redis.hlen(keys.room(room)))
                .thenCompose(now -> now > 0 ? redis.sadd(keys.rooms(), room) : CompletableFuture.completedFuture(0L));
        return done.whenComplete((ok, failure) -> {
            if (failure != null) {
                onFailure.run();
            }
        });
    }

    /** After a resync wrote this node's set as exactly {@code rooms}. */
    void heldExactly(Collection<String> rooms) {
        held.retainAll(rooms);
        held.addAll(rooms);
    }

    /** Removes from this node's set the rooms where {@code holds} says it has no peer any more. */
    CompletionStage<?> prune(RedisClusterAsyncCommands<String, String> redis, Predicate<String> holds) {
        List<String> left = new ArrayList<>();
        for (String room : held) {
            if (!holds.test(room) && held.remove(room)) {
                left.add(room);
            }
        }
        if (left.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.srem(keys.roomsOf(keys.node()), left.toArray(String[]::new)).thenRun(() -> {
            for (String room : left) {
                if (holds.test(room)) {
                    // A peer arrived meanwhile; its own add may have reached Redis before this removal.
                    held.add(room);
                    write(redis, room);
                }
            }
        });
    }
}
