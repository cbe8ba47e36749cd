package dev.rendezvous.config;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Raw string lookup of a configuration key. In the server this is MicroProfile Config (which also maps
 * {@code rendezvous.tracker.max-offers} to the environment variable {@code RENDEZVOUS_TRACKER_MAX_OFFERS});
 * in unit tests a plain map.
 */
@FunctionalInterface
public interface ConfigSource {
    Optional<String> get(String key);

    /** Raw values of {@code config}. */
    static ConfigSource of(Config config) {
        return key -> config.getOptionalValue(key, String.class);
    }

    /** The application's MicroProfile Config, for classes the container creates outside CDI. */
    static ConfigSource microProfile() {
        return of(ConfigProvider.getConfig());
    }
}
