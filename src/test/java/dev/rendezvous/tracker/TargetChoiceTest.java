package dev.rendezvous.tracker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a single node spreads offers: over many announces by every peer of a room in turn, each peer is chosen as a
 * target equally often, whatever its join order (chi-square, cut-off p < 1e-6). The cluster's script gets the same
 * test on a real Redis, in ClusterTargetChoiceIT.
 */
class TargetChoiceTest {
    private static final int OFFERS = 2;

    @ParameterizedTest
    @ValueSource(ints = {10, 200})
    void everyOtherPeerIsChosenEquallyOften(int roomSize) {
        RoomRegistry registry = new RoomRegistry();
        PeerSocket[] sockets = new PeerSocket[roomSize];
        String infoHash = "room-of-" + roomSize + "_".repeat(20 - ("room-of-" + roomSize).length());
        Room room = null;
        for (int i = 0; i < roomSize; i++) {
            sockets[i] = new PeerSocket(new RecordingSink(), false, 0);
            room = registry.join(sockets[i], infoHash, peerId(i), false, false, 0, 10);
        }
        long[] chosen = new long[roomSize];
        java.util.Map<PeerSocket, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < roomSize; i++) {
            index.put(sockets[i], i);
        }
        int rounds = 40_000 / roomSize;
        PeerSocket[] targets = new PeerSocket[OFFERS];
        for (int round = 0; round < rounds; round++) {
            for (int announcer = 0; announcer < roomSize; announcer++) {
                assertEquals(OFFERS, room.pickOthers(peerId(announcer), targets));
                for (PeerSocket target : targets) {
                    int t = index.get(target);
                    assertTrue(t != announcer, "an announcer is never its own target");
                    chosen[t]++;
                }
            }
        }
        ChiSquare test = ChiSquare.uniform(chosen);
        System.out.printf("single node, room of %d, %d announces: %s%n", roomSize, rounds * roomSize, test);
        assertTrue(test.uniformEnough(), test + " " + java.util.Arrays.toString(chosen));
    }

    private static String peerId(int i) {
        String s = "peer-" + i;
        return s + "_".repeat(20 - s.length());
    }
}
