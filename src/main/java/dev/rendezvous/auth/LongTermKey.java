package dev.rendezvous.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The STUN long-term credential key: MD5(username ":" realm ":" SASLprep(password)) (RFC 8489 section 9.2.2). */
public final class LongTermKey {
    private LongTermKey() {
    }

    /** @return the key, or empty if the password contains characters SASLprep prohibits */
    public static Optional<byte[]> derive(String username, String realm, String password) {
        return SaslPrep.prepare(password).map(prepared -> md5(username + ":" + realm + ":" + prepared));
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
