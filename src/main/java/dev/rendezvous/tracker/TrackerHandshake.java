package dev.rendezvous.tracker;

import dev.rendezvous.config.LiveSettings;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;


/**
 * Handshake rules for the tracker endpoints: the origin allowlist as it is now (a refused origin gets HTTP 403), the client's
 * address carried into the session's own properties, and a {@link TrackerEndpoint} wired to the application's
 * beans for each connection.
 */
public class TrackerHandshake extends ServerEndpointConfig.Configurator {
    static final String CLIENT_ADDRESS = "dev.rendezvous.client-address";
    static final String ORIGIN = "dev.rendezvous.origin";
    static final String USER_AGENT = "dev.rendezvous.user-agent";

    /** The beans every connection needs, looked up once (the container creates this class, not CDI). */
    private record Beans(TrackerService tracker, TrackerMetrics metrics, SocketCloser closer, LiveSettings live,
                         SocketLimits limits) {
    }

    private volatile Beans beans;

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        Beans wired = beans();
        return endpointClass.cast(new TrackerEndpoint(wired.tracker(), wired.metrics(), wired.closer(), wired.limits()));
    }

    private Beans beans() {
        Beans wired = beans;
        if (wired == null) {
            CDI<Object> cdi = CDI.current();
            wired = new Beans(cdi.select(TrackerService.class).get(), cdi.select(TrackerMetrics.class).get().instance(),
                    cdi.select(SocketCloser.class).get(), cdi.select(LiveSettings.class).get(),
                    cdi.select(SocketLimits.class).get());
            beans = wired;
        }
        return wired;
    }

    @Override
    public boolean checkOrigin(String origin) {
        Beans wired = beans();
        if (wired.tracker().draining()) {
            return false; // 403 while this node shuts down: the client retries, through the balancer, elsewhere
        }
        if (wired.live().current().origins().allows(origin)) {
            return true;
        }
        wired.metrics().originRejected();
        return false;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        String address = ClientAddressFilter.current();
        if (address != null) {
            config.getUserProperties().put(CLIENT_ADDRESS, address);
        }
        config.getUserProperties().put(ORIGIN, first(request, "Origin"));
        config.getUserProperties().put(USER_AGENT, first(request, "User-Agent"));
    }

    private static String first(HandshakeRequest request, String header) {
        java.util.List<String> values = request.getHeaders().get(header);
        if (values == null) {
            // header names are case-insensitive, and not every container's map is
            for (java.util.Map.Entry<String, java.util.List<String>> entry : request.getHeaders().entrySet()) {
                if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(header)) {
                    values = entry.getValue();
                    break;
                }
            }
        }
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    /** What the handshake of {@code session} told about its client. */
    static Handshake of(java.util.Map<String, Object> properties) {
        return new Handshake(text(properties.get(CLIENT_ADDRESS)), text(properties.get(ORIGIN)),
                text(properties.get(USER_AGENT)), System.currentTimeMillis());
    }

    private static String text(Object value) {
        return value instanceof String string ? string : "";
    }

    /** Whether a client address is IPv6; an IPv4-mapped address ({@code ::ffff:a.b.c.d}) counts as IPv4. */
    static boolean isIpv6(Object address) {
        if (!(address instanceof String text) || text.indexOf(':') < 0) {
            return false;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return !lower.startsWith("::ffff:") && !lower.startsWith("0:0:0:0:0:ffff:");
    }
}
