package dev.rendezvous.auth;

import dev.rendezvous.config.InvalidConfigurationException;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The credentials TURN accepts at one moment: static users' keys, derived once per algorithm, and the REST shared
 * secrets. Immutable; a rotation is a new instance in the next settings snapshot, so a request is checked against
 * one consistent set.
 */
public final class TurnCredentials {
    private final String realm;
    private final Map<LongTermKey.Algorithm, Map<String, byte[]>> staticKeys = new EnumMap<>(LongTermKey.Algorithm.class);
    private final Map<String, String> usersByHash = new HashMap<>();
    private final List<byte[]> secrets;

    /**
     * @param users   long-term users, name to password
     * @param secrets REST shared secrets; any of them may have signed a credential
     */
    public TurnCredentials(String realm, Map<String, String> users, List<String> secrets) {
        this.realm = realm;
        for (LongTermKey.Algorithm algorithm : LongTermKey.Algorithm.values()) {
            staticKeys.put(algorithm, new HashMap<>());
        }
        users.forEach((name, password) -> {
            for (LongTermKey.Algorithm algorithm : LongTermKey.Algorithm.values()) {
                staticKeys.get(algorithm).put(name, LongTermKey.derive(algorithm, name, realm, password).orElseThrow(() ->
                        new InvalidConfigurationException("rendezvous.turn.users",
                                "the password of user " + name + " contains characters SASLprep prohibits")));
            }
            usersByHash.put(HexFormat.of().formatHex(LongTermKey.userhash(name, realm)), name);
        });
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public String realm() {
        return realm;
    }

    /** A static user's key under {@code algorithm}, or null when there is no such user. */
    byte[] staticKey(LongTermKey.Algorithm algorithm, String user) {
        return staticKeys.get(algorithm).get(user);
    }

    /** The static user whose USERHASH (hex) this is, or null. */
    String userByHash(String hexHash) {
        return usersByHash.get(hexHash);
    }

    List<byte[]> secrets() {
        return secrets;
    }

    @Override
    public String toString() {
        return "TurnCredentials[" + usersByHash.size() + " users, " + secrets.size() + " secrets]";
    }
}
