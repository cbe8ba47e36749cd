package dev.rendezvous.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cluster mode on a Redis Cluster of three masters, the nodes given one shard's address. */
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
}
