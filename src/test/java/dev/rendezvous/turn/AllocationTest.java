package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lifetimes, permissions and channel rules of one allocation. */
class AllocationTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final AllocationManager manager = new AllocationManager(new AllocationManager.Limits(
            10, 2, 3, 2, 2, 52000, 52999, LOOPBACK, LOOPBACK, null, null, 0));

    private Allocation allocate(int clientPort, long lifetime) {
        FiveTuple tuple = new FiveTuple(Transport.UDP, new InetSocketAddress(LOOPBACK, clientPort), new InetSocketAddress(LOOPBACK, 3478));
        return manager.create(tuple, "user" + clientPort, QuotaOwner.staticUser("user" + clientPort, LOOPBACK), lifetime, 0,
                AllocationManager.PortRequest.ANY).allocation();
    }

    private AllocationManager.Refusal create(FiveTuple tuple, String user, QuotaOwner owner) {
        return manager.create(tuple, user, owner, 600, 0, AllocationManager.PortRequest.ANY).refusal();
    }

    private static FiveTuple from(String address, int port) throws Exception {
        return new FiveTuple(Transport.UDP, new InetSocketAddress(InetAddress.getByName(address), port),
                new InetSocketAddress(LOOPBACK, 3478));
    }

    @Test
    void quotasAreReadForEachNewAllocation() throws Exception {
        java.util.concurrent.atomic.AtomicReference<AllocationManager.Limits> limits = new java.util.concurrent.atomic.AtomicReference<>(
                new AllocationManager.Limits(10, 1, 1, 2, 2, 53000, 53999, LOOPBACK, LOOPBACK, null, null, 0));
        AllocationManager live = new AllocationManager(limits::get);
        QuotaOwner owner = QuotaOwner.staticUser("u", LOOPBACK);
        assertNull(live.create(from("127.0.0.1", 1), "u", owner, 600, 0, AllocationManager.PortRequest.ANY).refusal());
        assertEquals(AllocationManager.Refusal.QUOTA,
                live.create(from("127.0.0.1", 2), "u", owner, 600, 0, AllocationManager.PortRequest.ANY).refusal());
        limits.set(new AllocationManager.Limits(10, 2, 2, 2, 2, 53000, 53999, LOOPBACK, LOOPBACK, null, null, 0));
        assertNull(live.create(from("127.0.0.1", 3), "u", owner, 600, 0, AllocationManager.PortRequest.ANY).refusal(),
                "a raised quota applies to the next allocation");
        live.deleteAll();
    }

    @Test
    void lifetimesExpireAndRefresh() {
        Allocation a = allocate(1, 600);
        assertFalse(a.expired(599 * SECOND));
        assertTrue(a.expired(600 * SECOND));
        a.refresh(500 * SECOND, 600);
        assertFalse(a.expired(1000 * SECOND));
        assertEquals(0, manager.expire(1000 * SECOND).size());
        assertEquals(1, manager.expire(1100 * SECOND).size());
        assertEquals(0, manager.count());
        assertFalse(a.relays()[0].isOpen(), "expiry closes the relay socket");
    }

    @Test
    void permissionsLastFiveMinutesAndAreBoundedPerAllocation() throws Exception {
        Allocation a = allocate(2, 600);
        InetAddress p1 = InetAddress.getByName("192.0.2.1");
        InetAddress p2 = InetAddress.getByName("192.0.2.2");
        InetAddress p3 = InetAddress.getByName("192.0.2.3");
        assertTrue(a.permit(p1, 0));
        assertTrue(a.permitted(p1, 299 * SECOND));
        assertFalse(a.permitted(p1, 300 * SECOND));
        assertTrue(a.permit(p2, 0));
        assertFalse(a.permit(p3, 0), "two permissions at most here");
        assertTrue(a.permit(p3, 301 * SECOND), "expired ones free their place");
        manager.deleteAll();
    }

    @Test
    void channelsBindOneNumberToOnePeerAndLastTenMinutes() {
        Allocation a = allocate(3, 600);
        InetSocketAddress peer = new InetSocketAddress(LOOPBACK, 9000);
        InetSocketAddress other = new InetSocketAddress(LOOPBACK, 9001);
        assertEquals(Allocation.BindResult.BOUND, a.bind(0x4000, peer, 0));
        assertEquals(Allocation.BindResult.BOUND, a.bind(0x4000, peer, 10 * SECOND), "a refresh");
        assertEquals(Allocation.BindResult.NUMBER_BOUND_TO_OTHER_PEER, a.bind(0x4000, other, 20 * SECOND));
        assertEquals(Allocation.BindResult.PEER_BOUND_TO_OTHER_NUMBER, a.bind(0x4001, peer, 20 * SECOND));
        assertEquals(peer, a.channelPeer(0x4000, 609 * SECOND));
        assertNull(a.channelPeer(0x4000, 610 * SECOND), "ten minutes after the last refresh");
        assertEquals(Allocation.BindResult.BOUND, a.bind(0x4000, other, 611 * SECOND), "an expired number can be reused");
        assertEquals(0x4000, a.channelFor(other, 612 * SECOND));
        manager.deleteAll();
    }

    @Test
    void aRestPeerIsBoundedWhereverItComesFrom() throws Exception {
        String username = "1900000000:peer-a";
        assertNull(create(from("127.0.0.1", 10), username, QuotaOwner.restPeer(username)));
        assertEquals(AllocationManager.Refusal.ALLOCATION_MISMATCH, create(from("127.0.0.1", 10), username, QuotaOwner.restPeer(username)));
        assertNull(create(from("127.0.0.2", 11), username, QuotaOwner.restPeer(username)));
        String sameUserOtherExpiry = "1900000099:peer-a";
        assertEquals(AllocationManager.Refusal.QUOTA,
                create(from("127.0.0.3", 12), sameUserOtherExpiry, QuotaOwner.restPeer(sameUserOtherExpiry)),
                "the user part names the peer, whatever the expiry");
        manager.deleteAll();
        assertNull(create(from("127.0.0.3", 12), username, QuotaOwner.restPeer(username)), "deleting frees the quota");
    }

    @Test
    void aSharedStaticUserIsBoundedPerClientAddressOnly() throws Exception {
        for (int port = 1; port <= 3; port++) {
            assertNull(create(from("127.0.0.1", port), "shared", QuotaOwner.staticUser("shared", InetAddress.getByName("127.0.0.1"))));
        }
        assertEquals(AllocationManager.Refusal.QUOTA,
                create(from("127.0.0.1", 4), "shared", QuotaOwner.staticUser("shared", InetAddress.getByName("127.0.0.1"))));
        for (int host = 2; host <= 8; host++) {
            String address = "127.0.0." + host;
            assertNull(create(from(address, 1), "shared", QuotaOwner.staticUser("shared", InetAddress.getByName(address))),
                    "other addresses keep their own quota");
        }
        assertEquals(AllocationManager.Refusal.QUOTA,
                create(from("127.0.0.9", 1), "shared", QuotaOwner.staticUser("shared", InetAddress.getByName("127.0.0.9"))),
                "max-allocations bounds the whole server");
        manager.deleteAll();
    }

    @Test
    void aDrainingNodeRefusesNewAllocationsAndKeepsItsOwn() throws Exception {
        assertNull(create(from("127.0.0.1", 20), "u", QuotaOwner.staticUser("u", LOOPBACK)));
        manager.refuseNew();
        assertEquals(AllocationManager.Refusal.INSUFFICIENT_CAPACITY,
                create(from("127.0.0.1", 21), "u", QuotaOwner.staticUser("u", LOOPBACK)));
        assertEquals(1, manager.count());
        manager.deleteAll();
    }
}
