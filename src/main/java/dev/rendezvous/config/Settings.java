package dev.rendezvous.config;

import dev.rendezvous.auth.AccessList;
import dev.rendezvous.auth.OriginPolicy;
import dev.rendezvous.auth.RestSecrets;
import dev.rendezvous.auth.TurnCredentials;

/**
 * Every setting that can change while Rendezvous runs, and what is derived from them, in one immutable snapshot.
 * {@link LiveSettings} holds the current one; consumers read it per use, and a reload swaps it whole.
 *
 * @param admin       the admin API's settings, of which only the tokens change live (see {@link SettingsReload})
 * @param origins     the origin allowlist, compiled from {@code tracker}'s entries
 * @param secrets     the REST secrets, {@code turn}'s or a random one
 * @param credentials what TURN authenticates against, derived from {@code turn}'s users and {@code secrets}
 */
public record Settings(TrackerSettings tracker, TurnSettings turn, IceSettings ice, AbuseLimits limits,
                       AdminSettings admin, AccessList accessList, OriginPolicy origins, RestSecrets secrets, TurnCredentials credentials) {

    /** Reads and checks everything; an invalid value throws, naming its key. */
    public static Settings read(ConfigSource source) {
        TrackerSettings tracker = TrackerSettings.read(source);
        TurnSettings turn = TurnSettings.read(source);
        RestSecrets secrets = RestSecrets.of(turn.secrets(), turn.users());
        return new Settings(tracker, turn, IceSettings.read(source), AbuseLimits.read(source),
                AdminSettings.read(source),
                AccessList.read(source.get(AccessList.MODE_KEY).orElse("off"), source.get(AccessList.PATH_KEY).orElse("")),
                new OriginPolicy(tracker.allowedOrigins(), tracker.requireOrigin()), secrets,
                new TurnCredentials(turn.realm(), turn.users(), secrets.secrets()));
    }
}
