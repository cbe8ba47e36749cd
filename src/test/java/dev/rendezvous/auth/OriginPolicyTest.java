package dev.rendezvous.auth;

import dev.rendezvous.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(
            List.of("https://app.example.com", "http://localhost:3000", "https://*.games.example"), false);

    @Test
    void exactEntriesMatchCaseInsensitivelyWithTheirPort() {
        assertTrue(policy.allows("https://app.example.com"));
        assertTrue(policy.allows("HTTPS://APP.Example.COM"));
        assertTrue(policy.allows("http://localhost:3000"));
        assertFalse(policy.allows("http://localhost:3001"));
        assertFalse(policy.allows("http://localhost"));
        assertFalse(policy.allows("http://app.example.com"), "scheme matters");
        assertFalse(policy.allows("https://app.example.com.evil.test"));
        assertFalse(policy.allows("https://evilapp.example.com"));
    }

    @Test
    void wildcardsMatchAnySubdomainButNotTheBareDomain() {
        assertTrue(policy.allows("https://a.games.example"));
        assertTrue(policy.allows("https://deep.sub.games.example"));
        assertFalse(policy.allows("https://games.example"));
        assertFalse(policy.allows("https://evilgames.example"));
        assertFalse(policy.allows("http://a.games.example"));
        assertFalse(policy.allows("https://a.games.example:8443"), "a port must be listed");
    }

    @Test
    void oddOriginsAreRefused() {
        assertFalse(policy.allows("null"));
        assertFalse(policy.allows("https://*.games.example"));
        assertFalse(policy.allows("https://app.example.com/path"));
    }

    @Test
    void missingOriginPassesUnlessRequired() {
        assertTrue(policy.allows(null));
        assertTrue(policy.allows(""));
        OriginPolicy strict = new OriginPolicy(List.of(), true);
        assertFalse(strict.allows(null));
        assertTrue(strict.allows("https://anything.example"), "an empty list admits every origin");
    }

    @Test
    void malformedEntriesFailWithTheKey() {
        var e = assertThrows(InvalidConfigurationException.class,
                () -> OriginPolicy.validEntries("rendezvous.tracker.allowed-origins", List.of("example.com")));
        assertTrue(e.getMessage().contains("rendezvous.tracker.allowed-origins"), e.getMessage());
        assertThrows(InvalidConfigurationException.class,
                () -> OriginPolicy.validEntries("k", List.of("https://example.com/")));
        assertThrows(InvalidConfigurationException.class,
                () -> OriginPolicy.validEntries("k", List.of("https://a.*.example.com")));
    }
}
