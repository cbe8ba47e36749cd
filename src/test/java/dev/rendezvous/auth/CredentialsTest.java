package dev.rendezvous.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {

    @Test
    void saslPrepMapsNormalisesAndProhibits() {
        assertEquals(Optional.of("IX"), SaslPrep.prepare("I\u00ADX"), "soft hyphen maps to nothing");
        assertEquals(Optional.of("user"), SaslPrep.prepare("user"));
        assertEquals(Optional.of("a b"), SaslPrep.prepare("a\u00A0b"), "non-ASCII space maps to space");
        assertEquals(Optional.of("a"), SaslPrep.prepare("\u00AA"), "NFKC");
        assertEquals(Optional.of("IX"), SaslPrep.prepare("\u2168"), "NFKC");
        assertEquals(Optional.empty(), SaslPrep.prepare("a\u0007b"), "control characters are prohibited");
        assertEquals(Optional.empty(), SaslPrep.prepare("a\uE000"), "private use is prohibited");
        assertEquals(Optional.empty(), SaslPrep.prepare("\u0627a\u0628"), "RandAL mixed with L");
        assertEquals(Optional.of("\u0627\u0628"), SaslPrep.prepare("\u0627\u0628"));
        assertEquals(Optional.empty(), SaslPrep.prepare("\u06271"), "RandAL text must end with RandAL");
    }

    @Test
    void restCredentialsFollowTheTurnRestApi() {
        byte[] secret = "north".getBytes(StandardCharsets.UTF_8);
        String username = RestCredentials.username(1_700_000_000L, "alice");
        assertEquals("1700000000:alice", username);
        assertEquals(28, RestCredentials.password(secret, username).length(), "base64 of a 20-byte HMAC-SHA1");
        assertNotEquals(RestCredentials.password(secret, username),
                RestCredentials.password("south".getBytes(StandardCharsets.UTF_8), username));

        assertEquals(Optional.of(new RestCredentials.Username(1_700_000_000L, "alice")), RestCredentials.parse(username));
        assertEquals(Optional.of(new RestCredentials.Username(5, "a:b")), RestCredentials.parse("5:a:b"));
        assertEquals(Optional.of(new RestCredentials.Username(5, "")), RestCredentials.parse("5"));
        assertEquals(Optional.empty(), RestCredentials.parse("alice:1700000000"));
        assertEquals(Optional.empty(), RestCredentials.parse(":alice"));
        assertEquals(Optional.empty(), RestCredentials.parse("-5:alice"));
        assertEquals(Optional.empty(), RestCredentials.parse("99999999999999999999:alice"));
        assertEquals(Optional.empty(), RestCredentials.parse("1:" + "x".repeat(300)));
    }

    @Test
    void restPasswordMatchesAKnownValue() {
        // Computed independently: printf '%s' '1433895918:user' | openssl dgst -sha1 -hmac 'secret' -binary | base64
        assertEquals("duY86vsmGEXM+Ma7pGS//SXJIv0=",
                RestCredentials.password("secret".getBytes(StandardCharsets.UTF_8), "1433895918:user"));
    }

    @Test
    void sha256KeysAndUserhashFollowRfc8489() {
        // Computed independently with Python's hashlib.
        assertEquals("d1659fff7a501be15962adc35514ca6a5868905695f2dd1093741f931e000a1f", java.util.HexFormat.of().formatHex(
                LongTermKey.derive(LongTermKey.Algorithm.SHA256, "alice", "example.org", "secret").orElseThrow()));
        assertEquals("435b7933096a304d3c734cfb833ec9075bd47ab1c0160321aed31c06a8c7009e",
                java.util.HexFormat.of().formatHex(LongTermKey.userhash("alice", "example.org")));
        assertEquals(LongTermKey.Algorithm.SHA256, LongTermKey.Algorithm.of(2));
        assertEquals(null, LongTermKey.Algorithm.of(3));
    }

    @Test
    void theTrackerGatePassesAnnouncedPeerIdsAsTextOrHex() {
        String peerId = "-WW0300-\u0000\u00ffabcdefghij";
        TrackerGate gate = new TrackerGate(peerId::equals);
        assertTrue(gate.test(peerId));
        assertTrue(gate.test("2d5757303330302d00ff6162636465666768696a"));
        assertTrue(gate.test("2D5757303330302D00FF6162636465666768696A"));
        assertEquals(false, gate.test("-WW0300-\u0000\u00ffabcdefghiX"));
        assertEquals(false, gate.test("alice"));
        assertEquals(false, gate.test("2d5757303330302d00ff6162636465666768696"), "39 hex digits");
        assertEquals(false, gate.test(""));
        assertEquals(false, gate.test("\uff10".repeat(40)), "40 full-width digits are not hex (and throw nothing)");
    }

    @Test
    void noncesAreBoundToTheClientAndGoStale() {
        NonceService nonces = new NonceService(new byte[32], 600_000);
        String nonce = nonces.issue("192.0.2.1", 1_000_000);
        assertTrue(nonce.length() < 64);
        assertTrue(nonce.startsWith(NonceService.SECURITY_FEATURES_COOKIE));
        assertEquals(NonceService.Check.VALID, nonces.check(nonce, "192.0.2.1", 1_000_000 + 599_000));
        assertEquals(NonceService.Check.STALE, nonces.check(nonce, "192.0.2.1", 1_000_000 + 601_000));
        assertEquals(NonceService.Check.INVALID, nonces.check(nonce, "192.0.2.2", 1_000_000));
        assertEquals(NonceService.Check.INVALID, nonces.check(nonce.substring(1), "192.0.2.1", 1_000_000));
        assertEquals(NonceService.Check.INVALID, nonces.check("f//499k954d6OL34oL9FSTvy64sA", "192.0.2.1", 1_000_000));
        assertEquals(NonceService.Check.INVALID, nonces.check(null, "192.0.2.1", 1_000_000));
        assertEquals(NonceService.Check.STALE, nonces.check(nonce, "192.0.2.1", 1_000_000 + 61_000, 60_000),
                "an Allocate gets 60 s from its challenge");
        assertEquals(NonceService.Check.VALID, nonces.check(nonce, "192.0.2.1", 1_000_000 + 59_000, 60_000));
        NonceService otherServer = new NonceService(600_000);
        assertEquals(NonceService.Check.INVALID, otherServer.check(nonce, "192.0.2.1", 1_000_000));
    }
}
