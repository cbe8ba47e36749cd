package dev.rendezvous.admin;

import dev.rendezvous.config.ReloadStatus;

import java.util.List;
import java.util.Locale;

/**
 * A node's last reload of its live settings, as the operator sees it.
 *
 * @param time           when, ISO-8601
 * @param outcome        {@code applied} or {@code refused}
 * @param message        what changed, or why it was refused (naming the key; never a secret's value)
 * @param pendingRestart keys whose new value only takes effect at the node's next start
 */
public record ReloadReport(String time, String outcome, String message, List<String> pendingRestart) {

    public static ReloadReport of(ReloadStatus status) {
        return new ReloadReport(status.time().toString(), status.outcome().name().toLowerCase(Locale.ROOT),
                status.message(), status.pendingRestart());
    }

    public boolean applied() {
        return "applied".equals(outcome);
    }
}
