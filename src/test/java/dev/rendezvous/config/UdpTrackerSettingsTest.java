package dev.rendezvous.config;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpTrackerSettingsTest {

    private static UdpTrackerSettings read(Map<String, String> values) {
        return UdpTrackerSettings.read(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsAreTheDocumentedOnes() throws Exception {
        UdpTrackerSettings s = read(Map.of());
        assertTrue(s.enabled());
        assertEquals(6969, s.port());
        assertEquals(List.of(InetAddress.getByName("0.0.0.0")), s.listenAddresses());
        assertFalse(s.secretConfigured());
        assertEquals(32, s.connectionSecret().length);
        assertEquals(600, s.maxUnverifiedRepliesPerMinute());
        assertEquals(10_000, s.maxPending());
    }

    @Test
    void withoutASecretEachStartGetsItsOwn() {
        assertFalse(java.util.Arrays.equals(read(Map.of()).connectionSecret(), read(Map.of()).connectionSecret()));
    }

    @Test
    void aConfiguredSecretIsTheKeyAndNeverPrinted() {
        UdpTrackerSettings s = read(Map.of("rendezvous.udp-tracker.connection-secret", "shared by every node"));
        assertTrue(s.secretConfigured());
        assertArrayEquals("shared by every node".getBytes(StandardCharsets.UTF_8), s.connectionSecret());
        assertFalse(s.toString().contains("shared"), s.toString());
        InvalidConfigurationException tooShort = assertThrows(InvalidConfigurationException.class,
                () -> read(Map.of("rendezvous.udp-tracker.connection-secret", "short")));
        assertFalse(tooShort.getMessage().contains("'short'"), tooShort.getMessage());
    }

    @Test
    void listenAddressesAreALiteralList() throws Exception {
        UdpTrackerSettings s = read(Map.of("rendezvous.udp-tracker.listen-address", "127.0.0.1, ::1",
                "rendezvous.udp-tracker.port", "16969", "rendezvous.udp-tracker.enabled", "false"));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), s.listenAddresses());
        assertEquals(16969, s.port());
        assertFalse(s.enabled());
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.udp-tracker.listen-address", "localhost")));
        assertThrows(InvalidConfigurationException.class,
                () -> read(Map.of("rendezvous.udp-tracker.listen-address", "127.0.0.1,127.0.0.1")));
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.udp-tracker.port", "0")));
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.udp-tracker.port", "65536")));
    }
}
