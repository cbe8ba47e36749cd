package dev.rendezvous.config;

/** Told the outcome of every reload (metrics, admin events). */
@FunctionalInterface
public interface ReloadListener {
    void reloaded(ReloadStatus status);
}
