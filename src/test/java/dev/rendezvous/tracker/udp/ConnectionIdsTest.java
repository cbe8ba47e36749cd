package dev.rendezvous.tracker.udp;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionIdsTest {
    private static final byte[] SECRET = "a secret of the cluster".getBytes(StandardCharsets.UTF_8);
    private static final long SLOT = ConnectionIds.SLOT_MILLIS;
    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % SLOT;
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 6881);
    private static final InetSocketAddress CLIENT_V6 = new InetSocketAddress("2001:db8::7", 6881);

    private final ConnectionIds ids = new ConnectionIds(SECRET);

    @Test
    void anIdIsAcceptedInItsSlot() {
        long id = ids.issue(CLIENT, T0 + 5);
        assertTrue(ids.valid(id, CLIENT, T0 + 5));
        assertTrue(ids.valid(id, CLIENT, T0 + SLOT - 1));
        assertEquals(id, ids.issue(CLIENT, T0 + SLOT - 1), "one id per slot: nothing is stored, so it is recomputed");
    }

    @Test
    void anIdStaysValidThroughTheNextSlotAfterRotation() {
        long id = ids.issue(CLIENT, T0 + SLOT - 1); // issued at the very end of its slot
        long next = ids.issue(CLIENT, T0 + SLOT);
        assertNotEquals(id, next, "ids rotate with the slot");
        assertTrue(ids.valid(id, CLIENT, T0 + SLOT), "BEP 15: a server accepts an id for 2 minutes at least");
        assertTrue(ids.valid(id, CLIENT, T0 + 2 * SLOT - 1));
    }

    @Test
    void anIdExpiresTwoSlotsLater() {
        long id = ids.issue(CLIENT, T0);
        assertFalse(ids.valid(id, CLIENT, T0 + 2 * SLOT));
        assertFalse(ids.valid(id, CLIENT, T0 - SLOT), "nor is it valid before it was issued");
    }

    @Test
    void anIdIsOnlyValidForTheAddressItWasIssuedToFromAnyOfItsPorts() {
        long id = ids.issue(CLIENT, T0);
        assertFalse(ids.valid(id, new InetSocketAddress("192.0.2.8", 6881), T0));
        assertTrue(ids.valid(id, new InetSocketAddress("192.0.2.7", 6882), T0), "libtorrent sends one id from every socket");
        assertFalse(ids.valid(id, CLIENT_V6, T0));
        long v6 = ids.issue(CLIENT_V6, T0);
        assertTrue(ids.valid(v6, CLIENT_V6, T0));
        assertFalse(ids.valid(v6, new InetSocketAddress("2001:db8::8", 6881), T0));
    }

    @Test
    void nodesSharingTheSecretAcceptEachOthersIdsAndOthersDoNot() {
        long id = ids.issue(CLIENT, T0);
        assertTrue(new ConnectionIds(SECRET).valid(id, CLIENT, T0 + 1));
        assertFalse(new ConnectionIds("another node's secret".getBytes(StandardCharsets.UTF_8)).valid(id, CLIENT, T0 + 1));
    }

    @Test
    void guessedIdsAreRefused() {
        int accepted = 0;
        for (long guess = -1000; guess < 1000; guess++) {
            accepted += ids.valid(guess, CLIENT, T0) ? 1 : 0;
        }
        assertEquals(0, accepted);
    }
}
