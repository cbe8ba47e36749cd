package dev.rendezvous.ops;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.auth.LimitListener;
import dev.rendezvous.config.ReloadListener;
import dev.rendezvous.config.ReloadStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Where reloads and abuse-limit hits go: counted in metrics, and fired as asynchronous CDI events
 * ({@link LimitHit}, {@link ReloadStatus}) for whoever observes them (the admin API's event stream), without
 * making the thread that hit the limit wait for an observer.
 */
@ApplicationScoped
public class LiveEvents implements LimitListener, ReloadListener {
    @Inject
    LiveMetrics metrics;
    @Inject
    Event<LimitHit> limitHits;
    @Inject
    Event<ReloadStatus> reloads;

    @Override
    public void limited(LimitHit hit) {
        metrics.limited(hit);
        limitHits.fireAsync(hit);
    }

    @Override
    public void reloaded(ReloadStatus status) {
        metrics.reloaded(status);
        reloads.fireAsync(status);
    }
}
