package dev.rendezvous.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BanListTest {
    private static final String PEER_HEX = "ab".repeat(20);
    /** The same peer_id as the tracker holds it: 20 characters, one per byte. */
    private static final String PEER = String.valueOf((char) 0xab).repeat(20);

    @Test
    void aBanRefusesItsPeerAndItsAddressInAnySpellingUntilItEnds() {
        BanList bans = new BanList();
        assertFalse(bans.any());
        bans.add(new BanList.Ban("0000000000000001", PEER_HEX, BanList.normalise("::1"), 0, 1000));
        assertTrue(bans.any());
        assertTrue(bans.refusesPeer(PEER, 999));
        assertTrue(bans.refusesAddress("0:0:0:0:0:0:0:1", 999));
        assertTrue(bans.refusesAddress("[::1]", 999));
        assertFalse(bans.refusesAddress("127.0.0.1", 999));
        assertFalse(bans.refusesPeer(PEER, 1000), "ended");
        assertEquals(0, bans.active(1000).size(), "an ended ban is forgotten");
        assertFalse(bans.any());
    }

    @Test
    void anIpv4MappedAddressIsItsIpv4Address() {
        BanList bans = new BanList();
        bans.add(new BanList.Ban("0000000000000002", "", BanList.normalise("192.0.2.1"), 0, 1000));
        assertTrue(bans.refusesAddress("::ffff:192.0.2.1", 1));
        assertFalse(bans.refusesPeer(PEER, 1), "a ban of an address alone refuses no peer_id");
    }

    @Test
    void liftingABanLetsThemIn() {
        BanList bans = new BanList();
        bans.add(new BanList.Ban("0000000000000003", PEER_HEX, "198.51.100.1", 0, 1000));
        assertEquals("0000000000000003", bans.remove("0000000000000003").id());
        assertFalse(bans.refusesAddress("198.51.100.1", 1));
        assertFalse(bans.refusesPeer(PEER, 1));
        assertEquals(null, bans.remove("0000000000000003"));
    }
}
