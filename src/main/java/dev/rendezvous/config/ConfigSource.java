package dev.rendezvous.config;

import java.util.Optional;

/**
 * Raw string lookup of a configuration key. In the server this is MicroProfile Config (which also maps
 * {@code rendezvous.tracker.max-offers} to the environment variable {@code RENDEZVOUS_TRACKER_MAX_OFFERS});
 * in unit tests a plain map.
 */
@FunctionalInterface
public interface ConfigSource {
    Optional<String> get(String key);

    /** The application's MicroProfile Config, for classes the container creates outside CDI. */
    static ConfigSource microProfile() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return key -> config.getOptionalValue(key, String.class);
    }
}
