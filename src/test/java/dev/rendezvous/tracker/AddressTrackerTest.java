package dev.rendezvous.tracker;

import dev.rendezvous.auth.AccessList;
import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.AbuseLimits;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.wire.Event;
import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.InboundParser;
import dev.rendezvous.tracker.wire.OutboundMessage.AnnounceResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressTrackerTest {
    private static final String H = "h".repeat(20);
    private final CountingMetrics metrics = new CountingMetrics();
    private final RoomRegistry registry = new RoomRegistry();
    private final BanList bans = new BanList();
    private final Map<String, String> config = new HashMap<>();
    private AccessList access = AccessList.OFF;
    private final AddressTracker tracker = new AddressTracker(
            () -> TrackerSettings.read(k -> Optional.ofNullable(config.get(k))),
            () -> AbuseLimits.read(k -> Optional.ofNullable(config.get(k))),
            () -> access, registry, metrics, ClusterView.SINGLE_NODE, bans);

    private static String peerId(int n) {
        return String.format("-LT2080-%012d", n);
    }

    private static byte[] v4(int last) {
        return new byte[]{10, 0, 0, (byte) last};
    }

    private static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[15] = (byte) last;
        return a;
    }

    private AddressReply announce(Protocol protocol, int peer, byte[] address, Event event, long left, int numwant,
                                  boolean sameFamilyOnly) {
        return tracker.announce(new AddressAnnounce(protocol, H, peerId(peer), address, 6881 + peer, event, left,
                numwant), sameFamilyOnly).toCompletableFuture().join();
    }

    private AddressReply announce(int peer, byte[] address, long left) {
        return announce(Protocol.HTTP, peer, address, Event.STARTED, left, -1, false);
    }

    @Test
    void peersGetEachOtherButNeverThemselvesWithCountsOverBothProtocols() {
        AddressReply first = announce(Protocol.HTTP, 1, v4(1), Event.STARTED, 0, -1, false);
        assertNull(first.failure());
        assertEquals(List.of(), first.peers());
        assertEquals(1, first.complete());

        AddressReply second = announce(Protocol.UDP, 2, v4(2), Event.STARTED, 100, -1, true);
        assertEquals(1, second.complete());
        assertEquals(1, second.incomplete());
        assertEquals(List.of(new AddressPeer(peerId(1), v4(1), 6882)), second.peers());

        AddressReply again = announce(Protocol.HTTP, 1, v4(1), Event.UPDATE, 0, -1, false);
        assertEquals(List.of(new AddressPeer(peerId(2), v4(2), 6883)), again.peers());
        assertEquals(Map.of(Protocol.HTTP, 2, Protocol.UDP, 1), metrics.addressAnnounces);
    }

    @Test
    void aWebSocketPeerIsCountedButNeverListed() {
        TrackerService ws = new TrackerService(() -> TrackerSettings.read(k -> Optional.empty()), () -> AccessList.OFF,
                registry, metrics, ClusterView.SINGLE_NODE, bans);
        RecordingSink sink = new RecordingSink();
        PeerSocket socket = ws.open(sink, false, System.nanoTime());
        ws.handle(socket, new InboundParser().parse("{\"action\":\"announce\",\"info_hash\":\"" + H
                + "\",\"peer_id\":\"" + peerId(9) + "\",\"left\":0}"), System.nanoTime());

        AddressReply reply = announce(1, v4(1), 5);
        assertEquals(1, reply.complete(), "the WebSocket seeder");
        assertEquals(1, reply.incomplete(), "the HTTP leecher");
        assertTrue(reply.peers().isEmpty(), "a WebSocket peer has no address to give");

        ws.handle(socket, new InboundParser().parse("{\"action\":\"announce\",\"info_hash\":\"" + H
                + "\",\"peer_id\":\"" + peerId(9) + "\",\"left\":0}"), System.nanoTime());
        AnnounceResponse response = sink.sentOf(AnnounceResponse.class).get(1);
        assertEquals(1, response.complete());
        assertEquals(1, response.incomplete());
        assertEquals(1, tracker.scrape(Protocol.UDP, List.of(H)).toCompletableFuture().join().files().get(H).complete());
    }

    @Test
    void stoppedRemovesThePeerAndAnswersTheCountsWithoutPeers() {
        announce(1, v4(1), 0);
        announce(2, v4(2), 0);
        AddressReply stopped = announce(Protocol.HTTP, 1, v4(1), Event.STOPPED, 0, -1, false);
        assertEquals(1, stopped.complete());
        assertTrue(stopped.peers().isEmpty());
        assertEquals(List.of(), announce(2, v4(2), 0).peers());
        announce(Protocol.HTTP, 2, v4(2), Event.STOPPED, 0, -1, false);
        assertNull(registry.room(H), "an empty room goes");
    }

    @Test
    void aStoppedFromAnotherAddressRemovesNothing() {
        announce(1, v4(1), 0);
        announce(Protocol.HTTP, 1, v4(66), Event.STOPPED, 0, -1, false);
        assertEquals(1, announce(2, v4(2), 0).peers().size());
    }

    @Test
    void completedCountsADownloadOnce() {
        announce(1, v4(1), 10);
        announce(Protocol.UDP, 1, v4(1), Event.COMPLETED, 0, -1, true);
        announce(Protocol.UDP, 1, v4(1), Event.COMPLETED, 0, -1, true);
        var file = tracker.scrape(Protocol.HTTP, List.of(H)).toCompletableFuture().join().files().get(H);
        assertEquals(1, file.complete());
        assertEquals(0, file.incomplete());
        assertEquals(1, file.downloaded());
    }

    @Test
    void numwantIsBoundedAndEveryPeerIsDistinct() {
        config.put("rendezvous.tracker.max-numwant", "30");
        for (int i = 1; i <= 100; i++) {
            announce(i, v4(i), 0);
        }
        assertEquals(30, Set.copyOf(announce(Protocol.HTTP, 1, v4(1), Event.UPDATE, 0, 1_000_000, false).peers()).size());
        assertEquals(30, announce(1, v4(1), 0).peers().size(), "the default 50, bounded");
        assertEquals(0, announce(Protocol.HTTP, 1, v4(1), Event.UPDATE, 0, 0, false).peers().size());
        assertEquals(7, announce(Protocol.HTTP, 1, v4(1), Event.UPDATE, 0, 7, false).peers().size());
    }

    @Test
    void udpGetsItsOwnFamilyOnlyAndHttpGetsBothOwnFirst() {
        announce(1, v4(1), 0);
        announce(2, v6(2), 0);
        announce(3, v6(3), 0);
        List<AddressPeer> udp = announce(Protocol.UDP, 4, v6(4), Event.STARTED, 0, -1, true).peers();
        assertEquals(2, udp.size());
        assertTrue(udp.stream().allMatch(AddressPeer::ipv6));
        List<AddressPeer> http = announce(Protocol.HTTP, 5, v4(5), Event.STARTED, 0, 2, false).peers();
        assertEquals(2, http.size());
        assertFalse(http.get(0).ipv6(), "own family first");
        assertTrue(http.get(1).ipv6());
    }

    @Test
    void everyOtherPeerIsDrawnAlikeOften() {
        for (int i = 1; i <= 20; i++) {
            announce(i, v4(i), 0);
        }
        Map<AddressPeer, Integer> drawn = new HashMap<>();
        for (int round = 0; round < 20_000; round++) {
            for (AddressPeer peer : announce(Protocol.HTTP, 1, v4(1), Event.UPDATE, 0, 5, false).peers()) {
                drawn.merge(peer, 1, Integer::sum);
            }
        }
        assertEquals(19, drawn.size());
        ChiSquare test = ChiSquare.uniform(drawn.values().stream().mapToLong(Integer::longValue).toArray());
        assertTrue(test.uniformEnough(), test.toString());
    }

    @Test
    void bansAccessListAndThePerAddressLimitRefuse() {
        config.put("rendezvous.tracker.max-peers-per-address", "3");
        for (int i = 1; i <= 3; i++) {
            assertNull(announce(i, v4(1), 0).failure());
        }
        assertEquals(FailureReason.TOO_MANY_PEERS, announce(4, v4(1), 0).failure());
        assertNull(announce(1, v4(1), 0).failure(), "a listed peer re-announces");
        announce(Protocol.HTTP, 3, v4(1), Event.STOPPED, 0, -1, false);
        assertNull(announce(4, v4(1), 0).failure(), "room again once one left");

        bans.add(new BanList.Ban("b1", "", "10.0.0.7", 0, Long.MAX_VALUE));
        assertEquals(FailureReason.ADDRESS_BANNED, announce(7, v4(7), 0).failure());
        assertEquals(Map.of(FailureReason.TOO_MANY_PEERS, 1, FailureReason.ADDRESS_BANNED, 1), metrics.errors);
    }

    @Test
    void anExpiredPeerIsSweptOut() {
        announce(1, v4(1), 0);
        assertEquals(1, registry.sweep(System.nanoTime() + 1));
        assertNull(registry.room(H));
    }

    @Test
    void scrapeKeepsTheOrderAskedAndRefusesAFullScrapeByDefault() {
        announce(1, v4(1), 0);
        String other = "o".repeat(20);
        ScrapeReply reply = tracker.scrape(Protocol.HTTP, List.of(other, H)).toCompletableFuture().join();
        assertEquals(List.of(other, H), List.copyOf(reply.files().keySet()));
        assertEquals(0, reply.files().get(other).complete());
        assertEquals(FailureReason.FULL_SCRAPE_DISABLED,
                tracker.scrape(Protocol.HTTP, List.of()).toCompletableFuture().join().failure());
        assertEquals(new HashSet<>(List.of(H)),
                tracker.scrape(Protocol.UDP, List.of(H)).toCompletableFuture().join().files().keySet());
    }
}
