package dev.rendezvous.ops;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.config.ReloadStatus;
import jakarta.enterprise.context.ApplicationScoped;

/** Live settings' metrics on a server without MicroProfile Metrics (WildFly 39): not kept. */
@ApplicationScoped
public class UnpublishedLiveMetrics implements LiveMetrics {
    @Override
    public void reloaded(ReloadStatus status) {
    }

    @Override
    public void limited(LimitHit hit) {
    }
}
