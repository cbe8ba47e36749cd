package dev.rendezvous.turn;

import dev.rendezvous.auth.RestSecrets;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.IceSettings;
import dev.rendezvous.config.TurnSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** CDI wiring of the TURN and ICE settings and secrets, read once; a bad value fails start-up with the key's name. */
@ApplicationScoped
public class TurnBeans {

    @Produces
    @Singleton
    TurnSettings settings(Config config) {
        return TurnSettings.read(ConfigSource.of(config));
    }

    @Produces
    @Singleton
    RestSecrets secrets(TurnSettings settings) {
        return RestSecrets.of(settings.secrets(), settings.users());
    }

    @Produces
    @Singleton
    IceSettings iceSettings(Config config) {
        return IceSettings.read(ConfigSource.of(config));
    }
}
