package dev.rendezvous.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** CDI wiring of the live settings: read once at start-up (a bad value fails it), then swapped by each reload. */
@ApplicationScoped
public class SettingsBeans {

    @Produces
    @Singleton
    LiveSettings live(Config config) {
        for (var source : config.getConfigSources()) {
            if (source instanceof ConfigFile file && file.problem().isPresent()) {
                throw file.problem().get();
            }
        }
        return new LiveSettings(Settings.read(ConfigSource.of(config)));
    }
}
