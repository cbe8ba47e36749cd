package dev.rendezvous.auth;

import dev.rendezvous.tracker.wire.BinaryString;

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
        if (BinaryString.isHexId(user)) {
            return announced.test(BinaryString.fromHex(user));
        }
        return BinaryString.isId(user) && announced.test(user);
    }
}
