package dev.rendezvous.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The shared secrets of TURN REST credentials: every one is accepted, and the first signs the credentials this
 * server mints (to rotate, put the new secret first and keep the old one until its credentials expire). With no
 * static users and no secrets, one random secret is made once per process, never logged, so that the credentials
 * endpoint works out of the box.
 */
public record RestSecrets(List<String> secrets) {

    public RestSecrets {
        secrets = List.copyOf(secrets);
    }

    public static RestSecrets of(List<String> configured, Map<String, String> users) {
        if (!configured.isEmpty() || !users.isEmpty()) {
            return new RestSecrets(configured);
        }
        return new RestSecrets(List.of(Generated.SECRET));
    }

    /** The random secret, made once per process, so that a reload keeps the credentials it signed valid. */
    private static final class Generated {
        static final String SECRET = make();

        private static String make() {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return Base64.getEncoder().encodeToString(random);
        }
    }

    /** Whether credentials can be minted. */
    public boolean available() {
        return !secrets.isEmpty();
    }

    /** The secret that signs new credentials. */
    public String signing() {
        return secrets.get(0);
    }

    @Override
    public String toString() {
        return "RestSecrets[" + secrets.size() + " secrets]";
    }
}
