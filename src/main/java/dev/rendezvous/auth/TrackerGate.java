package dev.rendezvous.auth;

import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * Tracker-gated TURN (as in SpawnDev.RTC.Server): the user part of a REST username must be a peer_id announced
 * to this server's tracker right now, written as its 20 characters or as 40 hex digits.
 */
public final class TrackerGate implements Predicate<String> {
    private final Predicate<String> announced;

    public TrackerGate(Predicate<String> announced) {
        this.announced = announced;
    }

    @Override
    public boolean test(String user) {
        if (user.length() == 40 && user.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            byte[] bytes = HexFormat.of().parseHex(user);
            return announced.test(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return user.length() == 20 && announced.test(user);
    }
}
