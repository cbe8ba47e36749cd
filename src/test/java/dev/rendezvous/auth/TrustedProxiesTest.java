package dev.rendezvous.auth;

import dev.rendezvous.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.read(key -> Optional.ofNullable(
            Map.of("rendezvous.trusted-proxies", "10.0.0.0/8, fd00::/8").get(key)));

    @Test
    void headersFromAnUntrustedPeerAreIgnored() {
        assertEquals("203.0.113.9", PROXIES.clientAddress("203.0.113.9", List.of("for=198.51.100.1"), List.of("198.51.100.2")));
        TrustedProxies none = new TrustedProxies(List.of());
        assertEquals("10.0.0.1", none.clientAddress("10.0.0.1", List.of(), List.of("198.51.100.2")));
    }

    @Test
    void aTrustedProxyNamesTheClientReadFromTheRightSkippingTrustedHops() {
        assertEquals("198.51.100.2", PROXIES.clientAddress("10.0.0.1", List.of(), List.of("192.0.2.66, 198.51.100.2, 10.1.1.1")),
                "a spoofed left-most entry does not win");
        assertEquals("2001:db8:0:0:0:0:0:7", PROXIES.clientAddress("10.0.0.1", List.of(), List.of("2001:db8::7")));
        assertEquals("198.51.100.2", PROXIES.clientAddress("10.0.0.1", List.of(), List.of("198.51.100.2:4711")));
        assertEquals("10.3.3.3", PROXIES.clientAddress("10.0.0.1", List.of(), List.of("10.3.3.3, 10.2.2.2")),
                "all trusted: the left-most");
    }

    @Test
    void forwardedIsPreferredAndParsedAsRfc7239Says() {
        assertEquals("2001:db8:cafe:0:0:0:0:17", PROXIES.clientAddress("fd00::1",
                List.of("for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";proto=https"), List.of("198.51.100.9")));
        assertEquals("10.0.0.1", PROXIES.clientAddress("10.0.0.1", List.of("for=unknown"), List.of()),
                "an unknown hop stops at the proxy that reported it");
        assertEquals("10.0.0.1", PROXIES.clientAddress("10.0.0.1", List.of("for=evil.example"), List.of()),
                "never a host name");
    }

    @Test
    void aBadBlockFailsStartUp() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> TrustedProxies.read(key -> Optional.of("10.0.0.0/33")));
        assertEquals("rendezvous.trusted-proxies", e.key());
    }
}
