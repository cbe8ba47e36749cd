package dev.rendezvous.config;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of the last reload of the live settings.
 *
 * @param message        what changed, or why the reload was refused (never a secret's value)
 * @param pendingRestart keys whose new value differs from the running one but only takes effect at the next start
 */
public record ReloadStatus(Instant time, Outcome outcome, String message, List<String> pendingRestart) {
    public enum Outcome { APPLIED, REFUSED }

    public ReloadStatus {
        pendingRestart = List.copyOf(pendingRestart);
    }

    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }
}
