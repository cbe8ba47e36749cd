package dev.rendezvous.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentSecurityPolicyTest {
    private static final String BASE = ContentSecurityPolicy.forHost(null);

    @Test
    void scriptsStylesAndImagesComeFromTheApplicationAndNothingFramesIt() {
        for (String directive : new String[]{"default-src 'self'", "script-src 'self'", "style-src 'self'",
                "img-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"}) {
            assertTrue(BASE.contains(directive + ";") || BASE.endsWith(directive), directive + " in " + BASE);
        }
        assertFalse(BASE.contains("unsafe"), "no unsafe-inline, no unsafe-eval");
    }

    @Test
    void connectSrcNamesTheRequestsOwnHostForWebSockets() {
        assertEquals(BASE + " ws://tracker.example:8080 wss://tracker.example:8080",
                ContentSecurityPolicy.forHost("Tracker.Example:8080"));
        assertEquals(BASE + " ws://127.0.0.1 wss://127.0.0.1", ContentSecurityPolicy.forHost("127.0.0.1"));
    }

    @Test
    void aHostThatCouldBreakThePolicyOrThatCspCannotNameLeavesSelfAlone() {
        for (String host : new String[]{"", "evil.example; script-src *", "a.example 'unsafe-inline'", "[::1]:9080",
                "a.example,b.example", "a.example:99999x", "-a.example", "a".repeat(300)}) {
            assertEquals(BASE, ContentSecurityPolicy.forHost(host), host);
        }
    }

    @Test
    void eachHostGetsItsOwnPolicyWhenHostsAlternate() {
        for (int i = 0; i < 3; i++) {
            assertEquals(BASE + " ws://a.example wss://a.example", ContentSecurityPolicy.forHost("a.example"));
            assertEquals(BASE + " ws://a.example wss://a.example", ContentSecurityPolicy.forHost("a.example"));
            assertEquals(BASE, ContentSecurityPolicy.forHost("evil.example; script-src *"));
            assertEquals(BASE + " ws://b.example:8443 wss://b.example:8443", ContentSecurityPolicy.forHost("B.example:8443"));
        }
    }
}
