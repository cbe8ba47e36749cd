package dev.rendezvous.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.ClusterChecks.awaitHealth;
import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.offers;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cluster mode on a Redis Cluster of three masters, each with a replica, the nodes given one shard's address. */
class RedisClusterIT extends TwoNodesOnRedis {
    private RedisShards shards;

    @Override
    String startRedis() throws Exception {
        shards = RedisShards.start();
        return shards.uri();
    }

    @Override
    void stopRedis() throws Exception {
        if (shards != null) {
            shards.close();
        }
    }

    @Override
    String name() {
        return "shards";
    }

    @Test
    @Order(5)
    void roomsAreSpreadOverEveryShard() throws Exception {
        try (WsClient onA = WsClient.open(a.ws() + "/announce")) {
            for (int i = 0; i < 30; i++) {
                onA.send(announce(id("spread-" + i), id("spreader"), "")).next();
            }
            List<Integer> rooms = shards.keysPerShard("rendezvous:room:{*}");
            assertTrue(rooms.stream().allMatch(count -> count > 0), "rooms per shard: " + rooms);
            assertTrue(rooms.stream().mapToInt(Integer::intValue).sum() >= 30, "rooms per shard: " + rooms);
        }
    }

    /**
     * The Redis server that holds the most of the nodes' pub/sub connections dies (kill -9); if it is a master, its
     * replica takes over its slots. Lettuce moves a cluster client's subscriptions to another server when it
     * reconnects; offers must cross between the nodes again, both ways, once the cluster is whole.
     */
    @Test
    @Order(10)
    void crossNodeOffersResumeWhenTheServerHoldingThePubSubConnectionsDies() throws Exception {
        int dead = shards.withMostSubscribers();
        boolean master = shards.isMaster(dead);
        String room = id("pubsub-failover");
        try (WsClient onB = WsClient.open(b.ws() + "/announce");
             WsClient onA = WsClient.open(a.ws() + "/announce")) {
            String onAId = id("on-a");
            String onBId = id("on-b");
            onB.send(announce(room, onBId, "")).next();
            onA.send(announce(room, onAId, "")).next();
            onA.drain();
            onB.drain();
            long killed = System.nanoTime();
            shards.kill(dead);
            long whole = System.nanoTime();
            long toB = awaitCrossNodeOffer(onA, onB, room, onAId, Duration.ofSeconds(30));
            long toA = awaitCrossNodeOffer(onB, onA, room, onBId, Duration.ofSeconds(30));
            System.out.printf("RedisClusterIT: the %s holding %d of the nodes' 2 pub/sub connections killed; the cluster"
                            + " whole again after %d ms; offers crossed from A to B again %d ms after the kill, from B"
                            + " to A %d ms after%n", master ? "master" : "replica", shards.lastKilledSubscribers(),
                    ms(whole - killed), ms(toB - killed), ms(toA - killed));
        }
        awaitHealth(a, "\"state\":\"connected\"", Duration.ofSeconds(30));
        awaitHealth(b, "\"state\":\"connected\"", Duration.ofSeconds(30));
        // A failover longer than the node timeout makes each node count the other dead for a while: the tests after
        // this one start from a whole cluster again, as they would after the set-up.
        awaitHealth(a, "\"nodes\":2", Duration.ofSeconds(30));
        awaitHealth(b, "\"nodes\":2", Duration.ofSeconds(30));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Announces with an offer from one node every 500 ms until one reaches the other's peer; returns when. */
    private static long awaitCrossNodeOffer(WsClient from, WsClient to, String room, String offerer, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            from.send(announce(room, offerer, offers("f-" + i)));
            String frame = to.nextRawWithin(Duration.ofMillis(500));
            while (frame != null) {
                if (frame.contains("\"offer_id\"")) {
                    return System.nanoTime();
                }
                frame = to.nextRawWithin(Duration.ofMillis(100));
            }
        }
        throw new AssertionError("no offer crossed between the nodes within " + timeout);
    }

}
