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
}
