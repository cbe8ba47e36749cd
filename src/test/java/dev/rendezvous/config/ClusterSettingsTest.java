package dev.rendezvous.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSettingsTest {

    private static ClusterSettings read(Map<String, String> values) {
        return ClusterSettings.read(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void noUriMeansSingleNode() {
        ClusterSettings settings = read(Map.of());
        assertFalse(settings.enabled());
        assertEquals(10, settings.nodeTimeout());
        assertEquals("rendezvous:", settings.keyPrefix());
        assertFalse(read(Map.of("rendezvous.cluster.redis-uri", "  ")).enabled());
    }

    @Test
    void eachStartGetsItsOwnNodeIdUnlessOneIsSet() {
        assertNotEquals(read(Map.of()).nodeId(), read(Map.of()).nodeId());
        assertEquals("edge-1", read(Map.of("rendezvous.cluster.node-id", "edge-1")).nodeId());
    }

    @Test
    void badValuesNameTheirKeyAndNeverEchoTheUri() {
        var e = assertThrows(InvalidConfigurationException.class,
                () -> read(Map.of("rendezvous.cluster.redis-uri", "http://user:secret@host")));
        assertTrue(e.getMessage().contains("rendezvous.cluster.redis-uri"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.cluster.node-id", "a|b")));
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.cluster.node-timeout", "1")));
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.cluster.key-prefix", "a b")));
        assertTrue(read(Map.of("rendezvous.cluster.redis-uri", "redis-sentinel://10.0.0.1:26379/0#mymaster")).enabled());
        assertTrue(read(Map.of("rendezvous.cluster.redis-uri", "redis://:pw@10.0.0.1:7000,10.0.0.2:7000")).enabled(),
                "several hosts: a Redis Cluster's seeds");
        // Braces would make a hash tag of their own and split a room's keys over two slots.
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.cluster.key-prefix", "{a}")));
        assertThrows(InvalidConfigurationException.class, () -> read(Map.of("rendezvous.cluster.node-id", "{a}")));
    }
}
