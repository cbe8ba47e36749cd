package dev.rendezvous.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Stateless STUN nonces: {@code base64url(issue-time || HMAC-SHA256(server-key, client || issue-time)[0..16))}.
 * The server remembers nothing per client, so a flood of unauthenticated requests costs it no memory; a
 * nonce is bound to the client's IP address and goes stale after its lifetime (438 Stale Nonce).
 */
public final class NonceService {
    private static final int TIME_BYTES = 8;
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * RFC 8489 section 9.2: a nonce that starts with this cookie announces security features, here base64 of the
     * 24 bits 0xC00000 (password algorithms, username anonymity).
     */
    public static final String SECURITY_FEATURES_COOKIE = "obMatJos2" + "wAAA";

    /** The result of checking a nonce. */
    public enum Check { VALID, STALE, INVALID }

    private final byte[] key;
    private final long lifetimeMillis;

    public NonceService(long lifetimeMillis) {
        this(randomKey(), lifetimeMillis);
    }

    NonceService(byte[] key, long lifetimeMillis) {
        this.key = key.clone();
        this.lifetimeMillis = lifetimeMillis;
    }

    /** @param client the client's IP address as text, e.g. {@code 192.0.2.1} */
    public String issue(String client, long nowMillis) {
        byte[] nonce = ByteBuffer.allocate(TIME_BYTES + MAC_BYTES).putLong(nowMillis).put(mac(client, nowMillis)).array();
        return SECURITY_FEATURES_COOKIE + ENCODER.encodeToString(nonce);
    }

    public Check check(String nonce, String client, long nowMillis) {
        return check(nonce, client, nowMillis, lifetimeMillis);
    }

    /** As {@link #check(String, String, long)}, with a shorter maximum age for this request. */
    public Check check(String nonce, String client, long nowMillis, long maxAgeMillis) {
        byte[] raw;
        try {
            raw = nonce == null || nonce.length() > 80 || !nonce.startsWith(SECURITY_FEATURES_COOKIE) ? null
                    : DECODER.decode(nonce.substring(SECURITY_FEATURES_COOKIE.length()));
        } catch (IllegalArgumentException e) {
            raw = null;
        }
        if (raw == null || raw.length != TIME_BYTES + MAC_BYTES) {
            return Check.INVALID;
        }
        long issued = ByteBuffer.wrap(raw).getLong();
        if (!MessageDigest.isEqual(mac(client, issued), Arrays.copyOfRange(raw, TIME_BYTES, raw.length))) {
            return Check.INVALID;
        }
        return nowMillis - issued > Math.min(maxAgeMillis, lifetimeMillis) || issued - nowMillis > 60_000
                ? Check.STALE : Check.VALID;
    }

    private byte[] mac(String client, long issuedMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(ByteBuffer.allocate(TIME_BYTES).putLong(issuedMillis).array());
            mac.update(client.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
