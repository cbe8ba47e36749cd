package dev.rendezvous.config;

/**
 * The current {@link Settings}: read it per use, never keep it. A reload replaces it in one write, so a reader sees
 * the old settings or the new ones, never a mix.
 */
public final class LiveSettings {
    private volatile Settings current;

    public LiveSettings(Settings initial) {
        this.current = initial;
    }

    public Settings current() {
        return current;
    }

    void swap(Settings next) {
        current = next;
    }
}
