package dev.rendezvous.ops;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.config.ReloadStatus;

/** What live settings and abuse limits count. */
public interface LiveMetrics {
    void reloaded(ReloadStatus status);

    void limited(LimitHit hit);
}
