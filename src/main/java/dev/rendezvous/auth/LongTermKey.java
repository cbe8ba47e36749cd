package dev.rendezvous.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The STUN long-term credential key (RFC 8489 section 9.2.2): the MD5 (legacy) or SHA-256 digest of
 * {@code username ":" realm ":" SASLprep(password)}.
 */
public final class LongTermKey {
    /** The password algorithms of RFC 8489 section 18.5, by their registered numbers. */
    public enum Algorithm {
        MD5(0x0001, "MD5"), SHA256(0x0002, "SHA-256");

        private final int number;
        private final String digest;

        Algorithm(int number, String digest) {
            this.number = number;
            this.digest = digest;
        }

        public int number() {
            return number;
        }

        public static Algorithm of(int number) {
            for (Algorithm algorithm : values()) {
                if (algorithm.number == number) {
                    return algorithm;
                }
            }
            return null;
        }
    }

    private LongTermKey() {
    }

    /** @return the MD5 key, or empty if the password contains characters SASLprep prohibits */
    public static Optional<byte[]> derive(String username, String realm, String password) {
        return derive(Algorithm.MD5, username, realm, password);
    }

    public static Optional<byte[]> derive(Algorithm algorithm, String username, String realm, String password) {
        return SaslPrep.prepare(password).map(prepared -> digest(algorithm.digest, username + ":" + realm + ":" + prepared));
    }

    /** USERHASH: SHA-256 of {@code username ":" realm}, which a client may send instead of USERNAME. */
    public static byte[] userhash(String username, String realm) {
        return digest("SHA-256", username + ":" + realm);
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
