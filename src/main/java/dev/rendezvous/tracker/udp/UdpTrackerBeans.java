package dev.rendezvous.tracker.udp;

import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.UdpTrackerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** CDI wiring of the UDP tracker's settings, read once at start-up (a bad value fails start-up with the key's name). */
@ApplicationScoped
public class UdpTrackerBeans {

    @Produces
    @Singleton
    UdpTrackerSettings settings(Config config) {
        return UdpTrackerSettings.read(ConfigSource.of(config));
    }
}
