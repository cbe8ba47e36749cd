package dev.rendezvous.turn;

import dev.rendezvous.auth.RestSecrets;
import dev.rendezvous.config.IceSettings;
import dev.rendezvous.config.LiveSettings;
import dev.rendezvous.config.TurnSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI wiring of the TURN and ICE settings and secrets as read at start-up (a bad value fails start-up with the key's
 * name), for what only start-up reads: ports, addresses, the realm. What changes live is read from
 * {@link LiveSettings} per use.
 */
@ApplicationScoped
public class TurnBeans {

    @Produces
    @Singleton
    TurnSettings settings(LiveSettings live) {
        return live.current().turn();
    }

    @Produces
    @Singleton
    RestSecrets secrets(LiveSettings live) {
        return live.current().secrets();
    }

    @Produces
    @Singleton
    IceSettings iceSettings(LiveSettings live) {
        return live.current().ice();
    }
}
