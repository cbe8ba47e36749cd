package dev.rendezvous.ice;

import dev.rendezvous.auth.RestCredentials;
import dev.rendezvous.config.IceSettings;
import dev.rendezvous.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IceServersTest {

    @Test
    void mintsRestCredentialsAndBothShapesOfUris() {
        IceServers.Answer answer = IceServers.mint(new IceServers.Endpoint("turn.example", 3478, 5349), "s3cret", "abc", 600, 1_700_000_000);
        assertEquals("1700000600:abc", answer.username());
        assertEquals(RestCredentials.password("s3cret".getBytes(StandardCharsets.UTF_8), "1700000600:abc"), answer.password());
        assertEquals(600, answer.ttl());
        assertEquals(List.of("stun:turn.example:3478", "turn:turn.example:3478?transport=udp",
                "turn:turn.example:3478?transport=tcp", "turns:turn.example:5349?transport=tcp"), answer.uris());
        assertEquals(List.of("stun:turn.example:3478"), answer.iceServers().get(0).urls());
        assertNull(answer.iceServers().get(0).username(), "STUN needs no credentials");
        assertEquals(answer.uris().subList(1, 4), answer.iceServers().get(1).urls());
        assertEquals(answer.password(), answer.iceServers().get(1).credential());
    }

    @Test
    void noTurnsWithoutTls() {
        IceServers.Answer answer = IceServers.mint(new IceServers.Endpoint("[::1]", 3478, 0), "s", "u", 60, 0);
        assertEquals(List.of("stun:[::1]:3478", "turn:[::1]:3478?transport=udp", "turn:[::1]:3478?transport=tcp"), answer.uris());
    }

    @Test
    void peerIdsBecomeTheHexTheTrackerGateReads() {
        assertEquals(Optional.of("2d5757303030302d6162636465666768696a6b6c"), IceServers.userFor("-WW0000-abcdefghijkl"));
        assertEquals(Optional.of("2d5757303030302d6162636465666768696a6b6c"), IceServers.userFor("2D5757303030302D6162636465666768696A6B6C"));
        assertEquals(Optional.empty(), IceServers.userFor("short"));
        assertEquals(Optional.empty(), IceServers.userFor("\u20ac".repeat(20)), "not a binary string");
        assertEquals(Optional.empty(), IceServers.userFor("g".repeat(40)));
        assertEquals(Optional.empty(), IceServers.userFor("\uff10".repeat(40)), "full-width digits are not hex");
    }

    @Test
    void hostHeaders() {
        assertEquals(Optional.of("example.com"), IceServers.hostOf("example.com:9080"));
        assertEquals(Optional.of("127.0.0.1"), IceServers.hostOf("127.0.0.1"));
        assertEquals(Optional.of("[::1]"), IceServers.hostOf("[::1]:9080"));
        assertEquals(Optional.empty(), IceServers.hostOf(null));
        assertEquals(Optional.empty(), IceServers.hostOf("evil.example/path"));
        assertEquals(Optional.empty(), IceServers.hostOf("a b"));
    }

    @Test
    void publicHostSetting() {
        assertEquals("", IceSettings.read(key -> Optional.empty()).publicHost());
        assertEquals("turn.example.com", IceSettings.read(key -> Optional.ofNullable(Map.of("rendezvous.public-host", "turn.example.com").get(key))).publicHost());
        assertEquals("[2001:db8::1]", IceSettings.read(key -> Optional.ofNullable(Map.of("rendezvous.public-host", "2001:db8::1").get(key))).publicHost());
        InvalidConfigurationException bad = assertThrows(InvalidConfigurationException.class,
                () -> IceSettings.read(key -> Optional.ofNullable(Map.of("rendezvous.public-host", "https://x.example:9").get(key))));
        assertEquals(true, bad.getMessage().contains("rendezvous.public-host"));
        assertThrows(InvalidConfigurationException.class,
                () -> IceSettings.read(key -> Optional.ofNullable(Map.of("rendezvous.ice-servers.requests-per-minute", "0").get(key))));
    }
}
