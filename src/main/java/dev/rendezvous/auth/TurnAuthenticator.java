package dev.rendezvous.auth;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageIntegrity;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The long-term credential mechanism for TURN requests (RFC 8489 section 9.2): static users, ephemeral REST
 * credentials under any of several shared secrets, stateless nonces, integrity compared in constant time, and
 * a per-source limit on failures. A request without credentials gets a challenge and leaves no state. Beyond
 * RFC 5389: SHA-256 password keys chosen through PASSWORD-ALGORITHM (with downgrade protection),
 * MESSAGE-INTEGRITY-SHA256, and USERHASH in place of USERNAME for static users.
 */
public final class TurnAuthenticator {

    /** Why a request was not authenticated; the tag of the auth-failure metric. */
    public enum Failure {
        CHALLENGE(401, "challenge"), MISSING_ATTRIBUTE(400, "missing_attribute"), WRONG_REALM(401, "wrong_realm"),
        STALE_NONCE(438, "stale_nonce"), UNKNOWN_USER(401, "unknown_user"), EXPIRED(401, "expired"),
        BAD_INTEGRITY(401, "bad_integrity"), RATE_LIMITED(401, "rate_limited"), NOT_ANNOUNCED(401, "not_announced"),
        BAD_ALGORITHM(400, "bad_algorithm");

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

    /**
     * Either the user, whether it is an ephemeral (REST) credential rather than a static user, the key to sign the
     * response with and whether to sign it with MESSAGE-INTEGRITY-SHA256 (as the request was), or a failure.
     */
    public record Outcome(String user, boolean ephemeral, byte[] key, boolean sha256Integrity, Failure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** PASSWORD-ALGORITHMS as offered in challenges: SHA-256 preferred, then MD5, neither with parameters. */
    private static final byte[] PASSWORD_ALGORITHMS = {0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};

    /** An Allocate must come within this long of the challenge that issued its nonce. */
    static final long ALLOCATE_WINDOW_MILLIS = 60_000;

    private final Supplier<TurnCredentials> credentials;
    private final NonceService nonces;
    private final SourceLimiter limiter;
    private final SourceLimiter challenges;
    private final Predicate<String> restUserAllowed;

    /**
     * @param users   long-term users, name to password
     * @param secrets REST shared secrets; any of them may have signed a credential
     */
    public TurnAuthenticator(String realm, Map<String, String> users, List<String> secrets, NonceService nonces,
                             SourceLimiter limiter) {
        this(realm, users, secrets, nonces, limiter, user -> true);
    }

    /**
     * @param restUserAllowed decides on the user part of a REST username once its signature is good; the tracker
     *                        gate passes only peer_ids announced right now
     */
    public TurnAuthenticator(String realm, Map<String, String> users, List<String> secrets, NonceService nonces,
                             SourceLimiter limiter, Predicate<String> restUserAllowed) {
        this(constant(new TurnCredentials(realm, users, secrets)), nonces, limiter, SourceLimiter.UNLIMITED,
                restUserAllowed);
    }

    /**
     * @param credentials the credentials accepted now, read per request (they rotate live)
     * @param limiter     failed authentications per source
     * @param challenges  401 challenges per source; a source past it is not answered
     */
    public TurnAuthenticator(Supplier<TurnCredentials> credentials, NonceService nonces, SourceLimiter limiter,
                             SourceLimiter challenges, Predicate<String> restUserAllowed) {
        this.credentials = credentials;
        this.nonces = nonces;
        this.limiter = limiter;
        this.challenges = challenges;
        this.restUserAllowed = restUserAllowed;
    }

    private static Supplier<TurnCredentials> constant(TurnCredentials credentials) {
        return () -> credentials;
    }

    public String realm() {
        return credentials.get().realm();
    }

    /** The value of the PASSWORD-ALGORITHMS attribute that challenges carry. */
    public byte[] passwordAlgorithms() {
        return PASSWORD_ALGORITHMS.clone();
    }

    /** A fresh nonce for a challenge or a 438 answer to {@code client}. */
    public String nonce(String client, long nowMillis) {
        return nonces.issue(client, nowMillis);
    }

    public Outcome authenticate(StunReader request, String client, long nowMillis, long nowNanos) {
        if (!request.has(AttributeType.MESSAGE_INTEGRITY) && !request.has(AttributeType.MESSAGE_INTEGRITY_SHA256)) {
            if (challenges.blocked(client, nowNanos)) {
                return fail(Failure.RATE_LIMITED);
            }
            challenges.count(client, nowNanos);
            return fail(Failure.CHALLENGE);
        }
        TurnCredentials credentials = this.credentials.get();
        String username = username(request, credentials);
        String requestRealm = request.string(AttributeType.REALM);
        String nonce = request.string(AttributeType.NONCE);
        if (username == null || requestRealm == null || nonce == null) {
            return fail(Failure.MISSING_ATTRIBUTE);
        }
        if (limiter.blocked(client, nowNanos)) {
            return fail(Failure.RATE_LIMITED);
        }
        if (!credentials.realm().equals(requestRealm)) {
            return fail(Failure.WRONG_REALM);
        }
        long maxAge = request.method() == MessageType.ALLOCATE ? ALLOCATE_WINDOW_MILLIS : Long.MAX_VALUE;
        if (nonces.check(nonce, client, nowMillis, maxAge) != NonceService.Check.VALID) {
            return fail(Failure.STALE_NONCE);
        }
        LongTermKey.Algorithm algorithm = algorithm(request);
        if (algorithm == null) {
            return fail(Failure.BAD_ALGORITHM);
        }
        Outcome outcome = verify(request, username, algorithm, nowMillis, credentials);
        if (!outcome.ok()) {
            limiter.count(client, nowNanos);
        }
        return outcome;
    }

    /** USERNAME, or the static user whose USERHASH the request carries; null when neither. */
    private static String username(StunReader request, TurnCredentials credentials) {
        String username = request.string(AttributeType.USERNAME);
        if (username != null) {
            return username;
        }
        int hash = request.find(AttributeType.USERHASH);
        if (hash < 0 || request.valueLength(hash) != 32) {
            return null;
        }
        return credentials.userByHash(HexFormat.of().formatHex(request.buffer(), request.valueOffset(hash), request.valueOffset(hash) + 32));
    }

    /**
     * The password algorithm the request chose: MD5 when it chose none (RFC 5389 clients). A request that chose
     * one must also echo PASSWORD-ALGORITHMS exactly as challenges offer it, so that a man in the middle cannot
     * strip SHA-256 from the offer (RFC 8489 section 9.2.4). Null when the choice is invalid.
     */
    private static LongTermKey.Algorithm algorithm(StunReader request) {
        int chosen = request.find(AttributeType.PASSWORD_ALGORITHM);
        int offered = request.find(AttributeType.PASSWORD_ALGORITHMS);
        if (chosen < 0 && offered < 0) {
            return LongTermKey.Algorithm.MD5;
        }
        if (chosen < 0 || offered < 0 || request.valueLength(chosen) != 4
                || !Arrays.equals(request.buffer(), request.valueOffset(offered), request.valueOffset(offered)
                + request.valueLength(offered), PASSWORD_ALGORITHMS, 0, PASSWORD_ALGORITHMS.length)) {
            return null;
        }
        byte[] b = request.buffer();
        int at = request.valueOffset(chosen);
        int parameters = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        return parameters == 0 ? LongTermKey.Algorithm.of(((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF)) : null;
    }

    private Outcome verify(StunReader request, String username, LongTermKey.Algorithm algorithm, long nowMillis,
                           TurnCredentials credentials) {
        byte[] key = credentials.staticKey(algorithm, username);
        if (key != null) {
            return integrityValid(request, key) ? ok(request, username, false, key) : fail(Failure.BAD_INTEGRITY);
        }
        Optional<RestCredentials.Username> rest = RestCredentials.parse(username);
        List<byte[]> secrets = credentials.secrets();
        if (rest.isEmpty() || secrets.isEmpty()) {
            return fail(Failure.UNKNOWN_USER);
        }
        if (rest.get().expiresAtEpochSecond() * 1000 <= nowMillis) {
            return fail(Failure.EXPIRED);
        }
        for (byte[] secret : secrets) {
            byte[] restKey = LongTermKey.derive(algorithm, username, credentials.realm(), RestCredentials.password(secret, username)).orElseThrow();
            if (integrityValid(request, restKey)) {
                return restUserAllowed.test(rest.get().user()) ? ok(request, username, true, restKey) : fail(Failure.NOT_ANNOUNCED);
            }
        }
        return fail(Failure.BAD_INTEGRITY);
    }

    /** MESSAGE-INTEGRITY-SHA256 when the request carries it, else MESSAGE-INTEGRITY. */
    private static boolean integrityValid(StunReader request, byte[] key) {
        return request.has(AttributeType.MESSAGE_INTEGRITY_SHA256)
                ? MessageIntegrity.SHA256.verify(request, key)
                : MessageIntegrity.SHA1.verify(request, key);
    }

    private static Outcome ok(StunReader request, String username, boolean ephemeral, byte[] key) {
        return new Outcome(username, ephemeral, key, request.has(AttributeType.MESSAGE_INTEGRITY_SHA256), null);
    }

    private static Outcome fail(Failure failure) {
        return new Outcome(null, false, null, false, failure);
    }
}
