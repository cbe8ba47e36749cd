package dev.rendezvous.tracker;

import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.TrackerSettings;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers the tracker at each path of {@code rendezvous.tracker.paths}, so that the paths are configuration
 * rather than annotations (an application that embeds Rendezvous chooses its own). Other annotated endpoints of
 * the application are deployed as they are.
 */
public class TrackerEndpoints implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        TrackerHandshake handshake = new TrackerHandshake();
        return TrackerSettings.paths(ConfigSource.microProfile()).stream()
                .map(path -> ServerEndpointConfig.Builder.create(TrackerEndpoint.class, path).configurator(handshake).build())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }
}
