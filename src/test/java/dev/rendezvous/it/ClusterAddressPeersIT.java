package dev.rendezvous.it;

import dev.rendezvous.tracker.ChiSquare;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster's HTTP and UDP peers on the real scripts and a real {@code redis-server}: draws are even, never the
 * announcer, of the asked family; counts cover WebSocket and address peers alike; and leave, evict (a dead node) and
 * resync treat an address peer's entries as they do a WebSocket peer's.
 */
class ClusterAddressPeersIT {
    private static final String PREFIX = "rdv-addr:";
    private static final String ROOM = hex("room".repeat(5));
    private static final String KEY = PREFIX + "room:{" + ROOM + "}";
    private static final String[] KEYS = {KEY, KEY + ":counts", KEY + ":peers", KEY + ":listed"};
    private static ScriptedRedis redis;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new ScriptedRedis("address-peers");
        connection = redis.connection();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void empty() {
        connection.sync().del(KEYS);
    }

    private static RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private static List<Object> run(String script, String... args) {
        return redis().evalsha(redis.script(script), ScriptOutputType.MULTI, KEYS, args);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String peerId(int n) {
        return hex(String.format("-LT2080-%012d", n));
    }

    /** A peer's key in hex: peer_id, address, port. */
    private static String v4(int n) {
        return peerId(n) + String.format("0a%06x", n) + "1ae1";
    }

    private static String v6(int n) {
        return peerId(n) + "20010db8" + "0".repeat(16) + String.format("%08x", n) + "1ae1";
    }

    /** Announces {@code key} through {@code node}: counts then keys drawn. */
    private static List<Object> announce(String key, String node, boolean seeder, int wanted, boolean sameFamilyOnly) {
        return run("announce_address", key, node, seeder ? "1" : "0", "0", Integer.toString(wanted),
                key.length() == 52 ? "4" : "6", sameFamilyOnly ? "0" : "1",
                Integer.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)));
    }

    private static List<Object> drawn(List<Object> reply) {
        return reply.subList(3, reply.size());
    }

    @Test
    void everyOtherPeerIsDrawnEquallyOftenAndNeverTheAnnouncer() {
        int size = 30;
        for (int i = 0; i < size; i++) {
            announce(v4(i), i % 2 == 0 ? "node-a" : "node-b", false, 0, true);
        }
        long[] chosen = new long[size];
        for (int round = 0; round < 3_000; round++) {
            int announcer = round % size;
            List<Object> peers = drawn(announce(v4(announcer), announcer % 2 == 0 ? "node-a" : "node-b", false, 5, true));
            assertEquals(5, peers.size());
            assertEquals(5, peers.stream().distinct().count(), "distinct");
            for (Object peer : peers) {
                int drawnPeer = Integer.parseInt(((String) peer).substring(42, 48), 16);
                assertTrue(drawnPeer != announcer, "never the announcer");
                chosen[drawnPeer]++;
            }
        }
        ChiSquare test = ChiSquare.uniform(chosen);
        System.out.println("address peers, room of 30, 3,000 announces: " + test);
        assertTrue(test.uniformEnough(), test.toString());
    }

    @Test
    void familiesAreKeptApartWhenAskedAndOwnFamilyComesFirstOtherwise() {
        for (int i = 1; i <= 4; i++) {
            announce(v4(i), "node-a", false, 0, true);
            announce(v6(i), "node-b", false, 0, true);
        }
        List<Object> udp6 = drawn(announce(v6(9), "node-a", false, 50, true));
        assertEquals(4, udp6.size());
        assertTrue(udp6.stream().allMatch(k -> ((String) k).length() == 76), udp6.toString());
        List<Object> http4 = drawn(announce(v4(9), "node-a", false, 6, false));
        assertEquals(6, http4.size());
        assertTrue(http4.subList(0, 4).stream().allMatch(k -> ((String) k).length() == 52), "own family first");
        assertTrue(http4.subList(4, 6).stream().allMatch(k -> ((String) k).length() == 76));
        assertFalse(http4.contains(v4(9)));
    }

    @Test
    void countsCoverWebSocketAndAddressPeersAndLeaveEvictResyncHandleBoth() {
        String ws = peerId(100);
        redis().evalsha(redis.script("announce"), ScriptOutputType.MULTI, KEYS, ws, "node-a", "1", "0", ROOM,
                PREFIX + "node:", "0");
        List<Object> reply = announce(v4(1), "node-a", true, 10, false);
        assertEquals(2L, reply.get(0), "complete: the WebSocket and the HTTP seeder");
        assertEquals(0L, reply.get(1));
        assertTrue(drawn(reply).isEmpty(), "a WebSocket peer is never drawn");
        announce(v4(2), "node-b", false, 0, false);
        announce(v6(3), "node-b", true, 0, false);
        assertEquals(List.of(4L, 3L, 0L), run("scrape"));

        assertEquals(List.of(0L, 4L), run("leave", v4(2), "node-a"), "node-a does not hold it");
        assertEquals(List.of(1L, 3L), run("leave", v4(2), "*"), "a stopped through any node removes it");
        assertEquals(2L, redis().zcard(KEYS[3]), "the listed set lost it");
        assertEquals(List.of(3L, 3L, 0L), run("scrape"));

        assertEquals(List.of(1L, 2L), run("evict", "node-b"), "node-b's IPv6 seeder goes with it");
        assertEquals(List.of(v4(1)), redis().zrange(KEYS[3], 0, -1));
        assertEquals(List.of(2L, 2L, 0L), run("scrape"));

        // node-a rewrites its share: its WebSocket peer and an IPv6 address peer; its IPv4 one is gone
        run("resync", "node-a", ws, "S", v6(7), "L");
        assertEquals(List.of(v6(7)), redis().zrange(KEYS[3], 0, -1));
        assertEquals(6.0, redis().zscore(KEYS[3], v6(7)));
        assertEquals(List.of(ws), redis().zrange(KEYS[2], 0, -1));
        assertEquals(List.of(2L, 1L, 0L), run("scrape"));
    }
}
