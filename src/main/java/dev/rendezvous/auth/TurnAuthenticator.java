package dev.rendezvous.auth;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageIntegrity;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The long-term credential mechanism for TURN requests (RFC 8489 section 9.2): static users, ephemeral REST
 * credentials under any of several shared secrets, stateless nonces, integrity compared in constant time, and
 * a per-source limit on failures. A request without credentials gets a challenge and leaves no state.
 */
public final class TurnAuthenticator {

    /** Why a request was not authenticated; the tag of the auth-failure metric. */
    public enum Failure {
        CHALLENGE(401, "challenge"), MISSING_ATTRIBUTE(400, "missing_attribute"), WRONG_REALM(401, "wrong_realm"),
        STALE_NONCE(438, "stale_nonce"), UNKNOWN_USER(401, "unknown_user"), EXPIRED(401, "expired"),
        BAD_INTEGRITY(401, "bad_integrity"), RATE_LIMITED(401, "rate_limited"), NOT_ANNOUNCED(401, "not_announced");

        private final int code;
        private final String tag;

        Failure(int code, String tag) {
            this.code = code;
            this.tag = tag;
        }

        public int code() {
            return code;
        }

        public String tag() {
            return tag;
        }
    }

    /** Either the user and the key to sign the response with, or a failure. */
    public record Outcome(String user, byte[] key, Failure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** An Allocate must come within this long of the challenge that issued its nonce. */
    static final long ALLOCATE_WINDOW_MILLIS = 60_000;

    private final String realm;
    private final Map<String, byte[]> staticKeys = new HashMap<>();
    private final List<byte[]> secrets;
    private final NonceService nonces;
    private final FailureLimiter limiter;
    private final Predicate<String> restUserAllowed;

    /**
     * @param users   long-term users, name to password
     * @param secrets REST shared secrets; any of them may have signed a credential
     */
    public TurnAuthenticator(String realm, Map<String, String> users, List<String> secrets, NonceService nonces,
                             FailureLimiter limiter) {
        this(realm, users, secrets, nonces, limiter, user -> true);
    }

    /**
     * @param restUserAllowed decides on the user part of a REST username once its signature is good; the tracker
     *                        gate passes only peer_ids announced right now
     */
    public TurnAuthenticator(String realm, Map<String, String> users, List<String> secrets, NonceService nonces,
                             FailureLimiter limiter, Predicate<String> restUserAllowed) {
        this.restUserAllowed = restUserAllowed;
        this.realm = realm;
        users.forEach((name, password) -> staticKeys.put(name, LongTermKey.derive(name, realm, password)
                .orElseThrow(() -> new IllegalArgumentException("the password of TURN user " + name
                        + " contains characters SASLprep prohibits"))));
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.nonces = nonces;
        this.limiter = limiter;
    }

    public String realm() {
        return realm;
    }

    /** A fresh nonce for a challenge or a 438 answer to {@code client}. */
    public String nonce(String client, long nowMillis) {
        return nonces.issue(client, nowMillis);
    }

    public Outcome authenticate(StunReader request, String client, long nowMillis, long nowNanos) {
        if (!request.has(AttributeType.MESSAGE_INTEGRITY)) {
            return fail(Failure.CHALLENGE);
        }
        String username = request.string(AttributeType.USERNAME);
        String requestRealm = request.string(AttributeType.REALM);
        String nonce = request.string(AttributeType.NONCE);
        if (username == null || requestRealm == null || nonce == null) {
            return fail(Failure.MISSING_ATTRIBUTE);
        }
        String source = client.substring(0, client.lastIndexOf(':'));
        if (limiter.blocked(source, nowNanos)) {
            return fail(Failure.RATE_LIMITED);
        }
        if (!realm.equals(requestRealm)) {
            return fail(Failure.WRONG_REALM);
        }
        long maxAge = request.method() == MessageType.ALLOCATE ? ALLOCATE_WINDOW_MILLIS : Long.MAX_VALUE;
        if (nonces.check(nonce, client, nowMillis, maxAge) != NonceService.Check.VALID) {
            return fail(Failure.STALE_NONCE);
        }
        Outcome outcome = verify(request, username, nowMillis);
        if (!outcome.ok()) {
            limiter.failed(source, nowNanos);
        }
        return outcome;
    }

    private Outcome verify(StunReader request, String username, long nowMillis) {
        byte[] key = staticKeys.get(username);
        if (key != null) {
            return MessageIntegrity.SHA1.verify(request, key) ? new Outcome(username, key, null) : fail(Failure.BAD_INTEGRITY);
        }
        Optional<RestCredentials.Username> rest = RestCredentials.parse(username);
        if (rest.isEmpty() || secrets.isEmpty()) {
            return fail(Failure.UNKNOWN_USER);
        }
        if (rest.get().expiresAtEpochSecond() * 1000 <= nowMillis) {
            return fail(Failure.EXPIRED);
        }
        for (byte[] secret : secrets) {
            byte[] restKey = LongTermKey.derive(username, realm, RestCredentials.password(secret, username)).orElseThrow();
            if (MessageIntegrity.SHA1.verify(request, restKey)) {
                return restUserAllowed.test(rest.get().user()) ? new Outcome(username, restKey, null)
                        : fail(Failure.NOT_ANNOUNCED);
            }
        }
        return fail(Failure.BAD_INTEGRITY);
    }

    private static Outcome fail(Failure failure) {
        return new Outcome(null, null, failure);
    }
}
