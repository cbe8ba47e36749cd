package dev.rendezvous.admin;

import dev.rendezvous.auth.SourceLimiter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Who may use the admin API: a request that carries {@code Authorization: Bearer <token>} with one of the configured
 * tokens. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual} (constant time), against every
 * configured token without stopping at a match, so timing tells nothing about any of them. Failures are counted per
 * client address; an address past the limit is refused before its token is even looked at.
 * <p>
 * The tokens are read per request from a supplier (the live settings), so a reload that removes one revokes it at
 * once. Whether admin is on at all is decided at start-up: the fleet behind it (one node or the cluster) is too.
 */
public final class AdminAccess {
    /** What a request gets. */
    public enum Outcome { ALLOWED, DENIED, LIMITED }

    private static final String BEARER = "bearer ";

    private final boolean enabled;
    private final Supplier<List<String>> tokens;
    private final SourceLimiter failures;
    /** The digests of the last token list seen, recomputed only when a reload brings a new list. */
    private volatile Digests digests = new Digests(List.of(), List.of());

    private record Digests(List<String> tokens, List<byte[]> digests) {
    }

    /** Fixed tokens: on when there is at least one. */
    public AdminAccess(List<String> tokens, SourceLimiter failures) {
        this(!tokens.isEmpty(), () -> tokens, failures);
    }

    /**
     * @param enabled whether admin is on (decided at start-up)
     * @param tokens  the tokens in force now, read per request
     */
    public AdminAccess(boolean enabled, Supplier<List<String>> tokens, SourceLimiter failures) {
        this.enabled = enabled;
        this.tokens = tokens;
        this.failures = failures;
    }

    public boolean enabled() {
        return enabled;
    }

    private List<byte[]> digests() {
        List<String> now = tokens.get();
        Digests known = digests;
        if (known.tokens() != now) {
            known = new Digests(now, now.stream().map(AdminAccess::sha256).toList());
            digests = known;
        }
        return known.digests();
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @param address       the client's address, after trusted proxies
     */
    public Outcome check(String authorization, String address, long nowNanos) {
        if (!enabled) {
            return Outcome.DENIED;
        }
        if (failures.blocked(address, nowNanos)) {
            return Outcome.LIMITED;
        }
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
            boolean match = false;
            for (byte[] digest : digests()) {
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
