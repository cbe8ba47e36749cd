package dev.rendezvous.tracker;

import dev.rendezvous.config.TrackerSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerStatsTest {

    private static TrackerService tracker(boolean roomDetails) {
        TrackerSettings settings = TrackerSettings.read(k -> Optional.ofNullable(
                Map.of("rendezvous.tracker.stats-room-details", String.valueOf(roomDetails)).get(k)));
        return new TrackerService(settings, new RoomRegistry(), new CountingMetrics());
    }

    @Test
    void peersAreCountedOncePerPeerIdWithSeederLeecherAndAddressFamily() {
        TrackerService tracker = tracker(false);
        PeerSocket v4 = tracker.open(new RecordingSink(), false, 0);
        PeerSocket v6 = tracker.open(new RecordingSink(), true, 0);
        RoomRegistry rooms = tracker.registry();
        String a = "-WW0300-aaaaaaaaaaaa";
        String b = "-qB4620-bbbbbbbbbbbb";
        rooms.join(v4, "room1_______________", a, true, false, 0, 10);
        rooms.join(v4, "room2_______________", a, false, false, 0, 10);
        rooms.join(v6, "room1_______________", b, true, false, 0, 10);

        TrackerStats stats = TrackerStats.of(tracker, 5, 1.5);
        assertEquals(2, stats.torrents());
        assertEquals(2, stats.peersAll());
        assertEquals(1, stats.peersSeederAndLeecher());
        assertEquals(1, stats.peersSeederOnly());
        assertEquals(0, stats.peersLeecherOnly());
        assertEquals(1, stats.peersIPv4());
        assertEquals(1, stats.peersIPv6());
        assertEquals(Map.of("0.3.0.0", 1), stats.clients().get("WebTorrent"));
        assertEquals(2, stats.sockets());
        assertNull(stats.rooms(), "room keys are not listed unless configured");
    }

    @Test
    void roomKeysAreListedAsHexOnlyWhenConfigured() {
        TrackerService tracker = tracker(true);
        tracker.registry().join(tracker.open(new RecordingSink(), false, 0), "\u0000".repeat(20), "p".repeat(20), false, false, 0, 10);
        assertEquals(Map.of("00".repeat(20), 1), TrackerStats.of(tracker, 0, 0).rooms());
    }

    @Test
    void clientAddressesAreClassifiedByFamily() {
        assertFalse(TrackerHandshake.isIpv6("127.0.0.1"));
        assertTrue(TrackerHandshake.isIpv6("0:0:0:0:0:0:0:1"));
        assertTrue(TrackerHandshake.isIpv6("2001:db8::1"));
        assertFalse(TrackerHandshake.isIpv6("::ffff:192.0.2.1"));
        assertFalse(TrackerHandshake.isIpv6("0:0:0:0:0:ffff:c000:201"));
        assertFalse(TrackerHandshake.isIpv6(null));
    }
}
