package dev.rendezvous.tracker;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RoomRegistryTest {
    private static final int LIMIT = 100;
    private final RoomRegistry registry = new RoomRegistry();

    private static PeerSocket socket() {
        return new PeerSocket(new RecordingSink(), false, 0);
    }

    private static String id(String prefix, int n) {
        String s = prefix + n;
        return s + "_".repeat(20 - s.length());
    }

    @Test
    void peersJoinRoomsAndSeedersAreCountedOnce() {
        PeerSocket s = socket();
        Room room = registry.join(s, id("h", 1), id("p", 1), false, false, 0, LIMIT);
        registry.join(s, id("h", 1), id("p", 2), true, false, 0, LIMIT);
        registry.join(s, id("h", 1), id("p", 2), true, true, 0, LIMIT);
        assertEquals(1, room.complete());
        assertEquals(1, room.incomplete());
        assertEquals(0, room.scrape().downloaded(), "a peer that joined seeding did not complete here");

        registry.join(s, id("h", 1), id("p", 1), true, true, 0, LIMIT);
        assertEquals(2, room.complete());
        assertEquals(1, room.scrape().downloaded());
        registry.join(s, id("h", 1), id("p", 1), false, false, 0, LIMIT);
        assertEquals(2, room.complete(), "a seeder stays a seeder");
    }

    @Test
    void leavingTheLastPeerDeletesTheRoom() {
        PeerSocket s = socket();
        registry.join(s, id("h", 1), id("p", 1), false, false, 0, LIMIT);
        Room room = registry.leave(s, id("h", 1), id("p", 1));
        assertEquals(0, room.size());
        assertNull(registry.room(id("h", 1)));
        assertEquals(0, registry.roomCount());
        assertNull(registry.leave(s, id("h", 9), id("p", 1)), "leaving an unknown room is harmless");
    }

    @Test
    void closingASocketRemovesEveryRoomAndPeerIdItOwned() {
        PeerSocket s = socket();
        PeerSocket other = socket();
        for (int room = 0; room < 5; room++) {
            registry.join(s, id("h", room), id("p", 1), false, false, 0, LIMIT);
            registry.join(s, id("h", room), id("p", 2), false, false, 0, LIMIT);
        }
        registry.join(other, id("h", 0), id("o", 1), false, false, 0, LIMIT);
        registry.disconnect(s);
        assertEquals(1, registry.roomCount());
        assertEquals(1, registry.peerCount());
        assertSame(other, registry.ownerOf(id("h", 0), id("o", 1)));
    }

    @Test
    void aPeerIdThatReannouncesFromANewSocketTakesOverAndTheOldCloseLeavesItAlone() {
        PeerSocket old = socket();
        PeerSocket fresh = socket();
        registry.join(old, id("h", 1), id("p", 1), false, false, 0, LIMIT);
        registry.join(fresh, id("h", 1), id("p", 1), false, false, 0, LIMIT);
        assertSame(fresh, registry.ownerOf(id("h", 1), id("p", 1)));
        assertTrue(old.memberships().isEmpty(), "the old socket no longer owns the pair");

        registry.disconnect(old);
        registry.leave(old, id("h", 1), id("p", 1));
        assertSame(fresh, registry.ownerOf(id("h", 1), id("p", 1)));
        assertEquals(1, registry.peerCount());
    }

    @Test
    void aSocketMayOwnOnlyItsLimitOfRooms() {
        PeerSocket s = socket();
        for (int i = 0; i < 3; i++) {
            assertNotSame(RoomRegistry.REFUSED, registry.join(s, id("h", i), id("p", 1), false, false, 0, 3));
        }
        assertSame(RoomRegistry.REFUSED, registry.join(s, id("h", 3), id("p", 1), false, false, 0, 3));
        assertNotSame(RoomRegistry.REFUSED, registry.join(s, id("h", 0), id("p", 1), false, false, 0, 3),
                "re-announcing a pair it owns is always allowed");
        assertNull(registry.room(id("h", 3)));
    }

    @Test
    void sweepingRemovesPeersThatStoppedAnnouncingAndTheirEmptyRooms() {
        PeerSocket s = socket();
        registry.join(s, id("h", 1), id("p", 1), false, false, 100, LIMIT);
        registry.join(s, id("h", 1), id("p", 2), false, false, 300, LIMIT);
        registry.join(s, id("h", 2), id("p", 1), false, false, 100, LIMIT);
        assertEquals(2, registry.sweep(200));
        assertEquals(1, registry.roomCount());
        assertEquals(1, registry.peerCount());
        assertEquals(1, s.memberships().size());
    }

    @Test
    void aPeerIdIsAnnouncedUntilItLeavesItsLastRoom() {
        PeerSocket s = socket();
        PeerSocket other = socket();
        String p = id("p", 1);
        assertFalse(registry.announced(p));
        registry.join(s, id("h", 1), p, false, false, 0, LIMIT);
        registry.join(s, id("h", 2), p, false, false, 0, LIMIT);
        registry.join(s, id("h", 1), p, false, false, 1, LIMIT);
        assertTrue(registry.announced(p));
        registry.leave(s, id("h", 1), p);
        assertTrue(registry.announced(p), "still in room 2");
        registry.join(other, id("h", 2), p, false, false, 2, LIMIT); // takeover keeps it announced once
        registry.disconnect(s);
        assertTrue(registry.announced(p));
        registry.disconnect(other);
        assertFalse(registry.announced(p));
        registry.join(s, id("h", 3), p, false, false, 0, LIMIT);
        registry.sweep(100);
        assertFalse(registry.announced(p), "swept peers are no longer announced");
    }

    @Test
    void offersGoToDistinctRandomOthersNeverTheAnnouncer() {
        PeerSocket[] sockets = new PeerSocket[10];
        for (int i = 0; i < sockets.length; i++) {
            sockets[i] = socket();
            registry.join(sockets[i], id("h", 1), id("p", i), false, false, 0, LIMIT);
        }
        Room room = registry.room(id("h", 1));
        Set<PeerSocket> everChosen = new HashSet<>();
        for (int round = 0; round < 200; round++) {
            PeerSocket[] targets = new PeerSocket[4];
            assertEquals(4, room.pickOthers(id("p", 0), targets));
            Set<PeerSocket> distinct = Set.of(targets);
            assertEquals(4, distinct.size());
            assertFalse(distinct.contains(sockets[0]));
            everChosen.addAll(distinct);
        }
        assertEquals(9, everChosen.size(), "every other peer gets chosen sometimes");

        PeerSocket[] many = new PeerSocket[20];
        assertEquals(9, room.pickOthers(id("p", 0), many), "no more targets than other peers");
        assertEquals(10, room.pickOthers(id("x", 0), new PeerSocket[20]), "a non-member may offer to all");
        assertEquals(10, room.size());
    }

    @Test
    void concurrentJoinsAndLeavesAcrossManySocketsLeaveNothingBehind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(64);
        for (int t = 0; t < 64; t++) {
            int thread = t;
            pool.execute(() -> {
                PeerSocket s = socket();
                for (int i = 0; i < 500; i++) {
                    registry.join(s, id("h", i % 7), id("t" + thread + "_", i % 3), false, false, i, LIMIT);
                    if (i % 5 == 0) {
                        registry.leave(s, id("h", i % 7), id("t" + thread + "_", i % 3));
                    }
                }
                registry.disconnect(s);
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(0, registry.roomCount());
        assertEquals(0, registry.peerCount());
    }

    /** What a cluster hears: every pair that leaves this node, and each peer_id's first and last room here. */
    @Test
    void thePresenceListenerHearsEveryDepartureOnceAndNoTakeoverWithinTheNode() {
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.listen(new PresenceListener() {
            @Override
            public void pairRemoved(String infoHash, String peerId) {
                heard.add("removed " + infoHash.trim() + " " + peerId.trim());
            }

            @Override
            public void peerArrived(String peerId) {
                heard.add("arrived " + peerId.trim());
            }

            @Override
            public void peerGone(String peerId) {
                heard.add("gone " + peerId.trim());
            }
        });
        PeerSocket first = socket();
        PeerSocket second = socket();
        String a = id("a", 1).replace('_', ' ');
        String b = id("b", 1).replace('_', ' ');
        String p = id("p", 1).replace('_', ' ');
        registry.join(first, a, p, false, false, 0, LIMIT);
        registry.join(first, b, p, false, false, 0, LIMIT);
        registry.join(second, a, p, false, false, 10, LIMIT); // takeover on this node: Redis already says "this node"
        registry.disconnect(first); // leaves b only: a belongs to the second socket now
        assertEquals(java.util.List.of("arrived p1", "removed b1 p1"), heard);
        assertEquals(0, registry.sweep(10), "announced at 10: not before the cutoff");
        assertEquals(1, registry.sweep(11));
        assertEquals(java.util.List.of("arrived p1", "removed b1 p1", "removed a1 p1", "gone p1"), heard);
    }
}
