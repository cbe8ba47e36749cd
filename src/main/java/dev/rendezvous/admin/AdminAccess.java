package dev.rendezvous.admin;

import dev.rendezvous.auth.SourceLimiter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Who may use the admin API: a request that carries {@code Authorization: Bearer <token>} with one of the configured
 * tokens. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual} (constant time), against every
 * configured token without stopping at a match, so timing tells nothing about any of them. Failures are counted per
 * client address; an address past the limit is refused before its token is even looked at.
 */
public final class AdminAccess {
    /** What a request gets. */
    public enum Outcome { ALLOWED, DENIED, LIMITED }

    private static final String BEARER = "bearer ";

    private final List<byte[]> digests;
    private final SourceLimiter failures;

    public AdminAccess(List<String> tokens, SourceLimiter failures) {
        this.digests = tokens.stream().map(AdminAccess::sha256).toList();
        this.failures = failures;
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @param address       the client's address, after trusted proxies
     */
    public Outcome check(String authorization, String address, long nowNanos) {
        if (failures.blocked(address, nowNanos)) {
            return Outcome.LIMITED;
        }
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
            boolean match = false;
            for (byte[] digest : digests) {
                match |= MessageDigest.isEqual(digest, presented);
            }
            if (match) {
                return Outcome.ALLOWED;
            }
        }
        failures.count(address, nowNanos);
        return Outcome.DENIED;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
