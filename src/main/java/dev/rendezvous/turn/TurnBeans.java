package dev.rendezvous.turn;

import dev.rendezvous.config.TurnSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** CDI wiring of the TURN settings, read once; a bad value fails start-up with the key's name. */
@ApplicationScoped
public class TurnBeans {

    @Produces
    @Singleton
    TurnSettings settings(Config config) {
        return TurnSettings.read(key -> config.getOptionalValue(key, String.class));
    }
}
