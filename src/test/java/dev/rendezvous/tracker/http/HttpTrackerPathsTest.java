package dev.rendezvous.tracker.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HttpTrackerPathsTest {

    @Test
    void onlyPathsWhoseLastSegmentStartsWithAnnounceAreAnnouncePaths() {
        assertEquals(List.of("/announce", "/t/announce.php", "/announce2"), HttpTrackerPaths.announcePaths(
                List.of("/announce", "/", "/t/announce.php", "/announce/x", "/my-announce", "/announce2")));
    }

    @Test
    void theScrapePathReplacesAnnounceInTheLastSegment() {
        assertEquals("/scrape", HttpTrackerPaths.scrapePath("/announce"));
        assertEquals("/announce/scrape.php", HttpTrackerPaths.scrapePath("/announce/announce.php"));
        assertEquals("/scrape2", HttpTrackerPaths.scrapePath("/announce2"));
    }

    @Test
    void addressesAreReadAsLiteralsOnly() {
        assertArrayEquals(new byte[]{127, 0, 0, 1}, HttpTrackerFilter.addressBytes("127.0.0.1"));
        assertArrayEquals(new byte[]{(byte) 192, 0, 2, 1}, HttpTrackerFilter.addressBytes("::ffff:192.0.2.1"), "IPv4-mapped is IPv4");
        assertEquals(16, HttpTrackerFilter.addressBytes("2001:db8::1").length);
        assertEquals(16, HttpTrackerFilter.addressBytes("[::1]").length);
        assertEquals(16, HttpTrackerFilter.addressBytes("fe80::1%eth0").length);
        assertNull(HttpTrackerFilter.addressBytes("localhost"), "never a name lookup");
        assertNull(HttpTrackerFilter.addressBytes("unknown"));
        assertNull(HttpTrackerFilter.addressBytes("1.2.3"));
        assertNull(HttpTrackerFilter.addressBytes(""));
    }
}
