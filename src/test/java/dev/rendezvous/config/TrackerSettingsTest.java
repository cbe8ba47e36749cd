package dev.rendezvous.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerSettingsTest {

    private static TrackerSettings read(Map<String, String> values) {
        return TrackerSettings.read(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        TrackerSettings s = read(Map.of());
        assertEquals(120, s.announceInterval());
        assertEquals(300, s.peerTimeout());
        assertEquals(20, s.maxOffers());
        assertEquals(65_536, s.maxMessageBytes());
        assertEquals(List.of(), s.allowedOrigins());
        assertFalse(s.requireOrigin());
        assertFalse(s.fullScrape());
        assertEquals(180, s.idleTimeout());
        assertFalse(s.statsRoomDetails());
        assertEquals(512, s.maxQueuedMessages());
        assertEquals(256, s.maxRoomsPerSocket());
        assertEquals(List.of("/announce", "/"), s.paths());
        assertEquals(20, s.sendTimeout());
    }

    @Test
    void pathsAreTheConfiguredOnesInOrder() {
        assertEquals(List.of("/signal", "/rtc/announce"),
                read(Map.of("rendezvous.tracker.paths", " /signal , /rtc/announce")).paths());
    }

    @Test
    void valuesAreReadTrimmedAndListsSplitOnCommas() {
        TrackerSettings s = read(Map.of(
                "rendezvous.tracker.announce-interval", " 30 ",
                "rendezvous.tracker.peer-timeout", "90",
                "rendezvous.tracker.allowed-origins", "https://a.example, https://*.b.example ,",
                "rendezvous.tracker.full-scrape", "TRUE"));
        assertEquals(30, s.announceInterval());
        assertEquals(List.of("https://a.example", "https://*.b.example"), s.allowedOrigins());
        assertTrue(s.fullScrape());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rendezvous.tracker.max-offers|-1|outside",
            "rendezvous.tracker.max-offers|lots|not a whole number",
            "rendezvous.tracker.max-message-bytes|10|outside",
            "rendezvous.tracker.announce-interval|0|outside",
            "rendezvous.tracker.require-origin|yes|neither true nor false",
            "rendezvous.tracker.idle-timeout|1.5|not a whole number",
            "rendezvous.tracker.allowed-origins|*.example.com|not an origin",
            "rendezvous.tracker.peer-timeout|100|must be longer than",
            "rendezvous.tracker.idle-timeout|120|must be longer than",
            "rendezvous.tracker.send-timeout|0|outside",
            "rendezvous.tracker.paths|announce|not an absolute path",
            "rendezvous.tracker.paths|/a b|not an absolute path",
            "rendezvous.tracker.paths|/{room}|not an absolute path",
            "rendezvous.tracker.paths|/a,/a|listed twice"})
    void invalidValuesFailWithAMessageNamingTheKey(String key, String value, String problem) {
        var e = assertThrows(InvalidConfigurationException.class, () -> read(Map.of(key, value)));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith("Invalid configuration " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
