package dev.rendezvous.tracker;

import dev.rendezvous.auth.OriginPolicy;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Handshake rules for the tracker endpoints: the origin allowlist (a refused origin gets HTTP 403). */
public class TrackerHandshake extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
        CDI<Object> cdi = CDI.current();
        if (cdi.select(OriginPolicy.class).get().allows(origin)) {
            return true;
        }
        cdi.select(TrackerMetrics.class).get().originRejected();
        return false;
    }

    /** Whether the client connected over IPv6, where the container exposes the remote address. */
    static boolean remoteIsIpv6(Session session) {
        for (Object value : session.getUserProperties().values()) {
            if (value instanceof InetSocketAddress address) {
                return address.getAddress() instanceof Inet6Address;
            }
        }
        return false;
    }
}
