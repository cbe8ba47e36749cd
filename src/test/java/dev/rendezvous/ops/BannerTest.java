package dev.rendezvous.ops;

import dev.rendezvous.config.ClusterSettings;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.config.TurnSettings;
import dev.rendezvous.config.UdpTrackerSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BannerTest {

    private static String banner(Map<String, String> values) {
        ConfigSource config = key -> Optional.ofNullable(values.get(key));
        return Banner.text(config, TrackerSettings.read(config), TurnSettings.read(config))
                + Banner.udpTracker(UdpTrackerSettings.read(config)) + Banner.mode(ClusterSettings.read(config));
    }

    @Test
    void saysWhatRunsAndWhere() {
        String text = banner(Map.of("HTTP_PORT", "8080", "HTTPS_PORT", "8443", "rendezvous.tracker.paths", "/signal",
                "rendezvous.turn.port", "3479", "rendezvous.turn.users", "a:b", "rendezvous.turn.secrets", "s1,s2",
                "rendezvous.turn.tracker-gated", "true", "rendezvous.tracker.allowed-origins", "https://app.example"));
        assertTrue(text.startsWith("Rendezvous "), text);
        assertTrue(text.contains("ws://HOST:8080/signal  wss://HOST:8443/signal"), text);
        assertTrue(text.contains("HTTP tracker: off (no tracker path"), "no announce path: " + text);
        assertTrue(banner(Map.of()).contains("HTTP tracker: http://HOST:9080/announce\n"));
        assertTrue(text.contains("port 3479 (UDP, TCP), 5349 (TLS)"), text);
        assertTrue(text.contains("1 static user, 2 REST secrets, tracker-gated"), text);
        assertTrue(text.contains("origin allowlist: https://app.example"), text);
        assertTrue(text.contains("mode: single node"), text);
        assertTrue(text.contains("UDP tracker: 0.0.0.0 port 6969 (udp://HOST:6969/announce)"), text);
        assertTrue(banner(Map.of("rendezvous.udp-tracker.enabled", "false")).contains("UDP tracker: off"));
    }

    @Test
    void namesTheClusterNodeAndHidesTheRedisPassword() {
        String text = banner(Map.of("rendezvous.cluster.redis-uri", "redis://:hunter2@10.0.0.5:6379/0",
                "rendezvous.cluster.node-id", "edge-1"));
        assertTrue(text.contains("mode: cluster node edge-1 on redis://***@10.0.0.5:6379/0"), text);
        assertTrue(!text.contains("hunter2"), text);
    }

    @Test
    void defaultsAndTurnOff() {
        assertTrue(banner(Map.of()).contains("REST credentials signed by a random secret made at start-up"));
        assertTrue(banner(Map.of()).contains("origin allowlist: off (any origin)"));
        assertTrue(banner(Map.of("rendezvous.turn.enabled", "false")).contains("STUN/TURN: off"));
    }
}
