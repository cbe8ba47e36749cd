package dev.rendezvous.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * Ephemeral TURN credentials of the "TURN REST API" (draft-uberti-behave-turn-rest): the username is
 * {@code <unix-expiry>:<user>} and the password is {@code base64(HMAC-SHA1(secret, username))}, so the server
 * checks them with the shared secret alone and keeps no state.
 */
public final class RestCredentials {
    /** Longest username accepted; STUN allows 513 bytes, a REST username needs far fewer. */
    public static final int MAX_USERNAME_LENGTH = 256;

    private RestCredentials() {
    }

    /** A parsed REST username. */
    public record Username(long expiresAtEpochSecond, String user) {
    }

    public static String username(long expiresAtEpochSecond, String user) {
        return expiresAtEpochSecond + ":" + user;
    }

    public static String password(byte[] secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    /**
     * Reads {@code <unix-expiry>:<user>}. The user part may be empty or contain further colons; the expiry
     * is a non-negative decimal number of seconds.
     */
    public static Optional<Username> parse(String username) {
        if (username.length() > MAX_USERNAME_LENGTH) {
            return Optional.empty();
        }
        int colon = username.indexOf(':');
        String expiry = colon < 0 ? username : username.substring(0, colon);
        if (expiry.isEmpty() || expiry.length() > 12) {
            return Optional.empty();
        }
        for (int i = 0; i < expiry.length(); i++) {
            if (expiry.charAt(i) < '0' || expiry.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(new Username(Long.parseLong(expiry), colon < 0 ? "" : username.substring(colon + 1)));
    }
}
