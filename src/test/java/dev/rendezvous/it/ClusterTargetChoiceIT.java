package dev.rendezvous.it;

import dev.rendezvous.tracker.ChiSquare;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the cluster spreads offers, on the real announce script and a real {@code redis-server}: rooms of 10 peers
 * (a listpack hash) and of 200 (a hashtable, with {@code hash-max-listpack-entries 128}; the peers' sorted set
 * likewise), their peers spread over two node ids in join order, every peer
 * announcing in turn with two offers. Each other peer must be chosen equally often, whatever its node or join order
 * (chi-square, cut-off p < 1e-6). The targets are read from the script's reply: those on the announcer's node come
 * back as local targets, the others as unheard ones, since no node listens on this Redis.
 */
class ClusterTargetChoiceIT {
    private static final int OFFERS = 2;
    private static final String PREFIX = "rdv-test:";
    private static ScriptedRedis redis;
    private static StatefulRedisConnection<String, String> connection;
    private static String script;

    @BeforeAll
    static void startRedis() throws Exception {
        // Redis 7.0's default keeps hashes of up to 512 fields in a listpack; 128, the limit of older versions and
        // of many configurations, puts the room of 200 in a hashtable.
        redis = new ScriptedRedis("target-choice", "--hash-max-listpack-entries", "128");
        connection = redis.connection();
        script = redis.script("announce");
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"10, listpack", "200, hashtable"})
    void everyOtherPeerIsChosenEquallyOftenWhateverItsNodeOrJoinOrder(int roomSize, String encoding) throws Exception {
        String room = hex("room-" + roomSize);
        String key = PREFIX + "room:{" + room + "}";
        String[] keys = {key, key + ":counts", key + ":peers"};
        String[] peers = new String[roomSize];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < roomSize; i++) {
            peers[i] = hex("peer-" + i);
            index.put(peers[i], i);
            connection.sync().evalsha(script, ScriptOutputType.MULTI, keys, args(peers[i], node(i), 0));
        }
        assertEquals(encoding, connection.sync().objectEncoding(keys[0]));

        RedisAsyncCommands<String, String> async = connection.async();
        long[] chosen = new long[roomSize];
        long[] byNode = new long[2];
        int rounds = 40_000 / roomSize;
        for (int round = 0; round < rounds; round++) {
            List<RedisFuture<List<Object>>> replies = new ArrayList<>(roomSize);
            for (int announcer = 0; announcer < roomSize; announcer++) {
                replies.add(async.evalsha(script, ScriptOutputType.MULTI, keys, args(peers[announcer], node(announcer), OFFERS)));
            }
            for (int announcer = 0; announcer < roomSize; announcer++) {
                List<String> targets = targets(replies.get(announcer).get(10, TimeUnit.SECONDS));
                assertEquals(OFFERS, targets.size(), targets.toString());
                for (String target : targets) {
                    int t = index.get(target);
                    assertTrue(t != announcer, "an announcer is never its own target");
                    chosen[t]++;
                    byNode[t % 2]++;
                }
            }
        }
        ChiSquare test = ChiSquare.uniform(chosen);
        System.out.printf("cluster script, room of %d (%s), %d announces: %s; first joined chosen %d times, last %d,"
                        + " node-a's peers %d, node-b's %d%n", roomSize, encoding, rounds * roomSize, test,
                chosen[0], chosen[roomSize - 1], byNode[0], byNode[1]);
        assertTrue(test.uniformEnough(), test + " " + Arrays.toString(chosen));
    }

    /** Local targets (peer, offer index) then unheard ones (peer, node): every target, whichever node holds it. */
    private static List<String> targets(List<Object> reply) {
        int locals = ((Number) reply.get(4)).intValue();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < locals; i++) {
            targets.add((String) reply.get(5 + 2 * i));
        }
        for (int i = 5 + 2 * locals; i + 1 < reply.size(); i += 2) {
            targets.add((String) reply.get(i));
        }
        return targets;
    }

    private static String[] args(String peer, String node, int offers) {
        String[] args = new String[7 + offers];
        args[0] = peer;
        args[1] = node;
        args[2] = "0";
        args[3] = "0";
        args[4] = hex("room");
        args[5] = PREFIX + "node:";
        args[6] = Integer.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
        for (int i = 0; i < offers; i++) {
            args[7 + i] = "{\"offer\":" + i + "}";
        }
        return args;
    }

    /** Peers join alternately through node-a and node-b. */
    private static String node(int joinOrder) {
        return joinOrder % 2 == 0 ? "node-a" : "node-b";
    }

    private static String hex(String name) {
        byte[] bytes = Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 20);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
