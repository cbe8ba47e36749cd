package dev.rendezvous.tracker;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.auth.TrustedProxies;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Hands the client's address to the WebSocket handshake. Jakarta WebSocket offers no portable way to read the
 * remote address of a session, but the container runs the handshake on the request's thread inside this
 * filter chain, where {@link TrackerHandshake} picks the address up. Mapped to the tracker's paths only
 * ({@link TrackerPaths}). Behind a trusted proxy, the address is the one its forwarding headers name. The handshake
 * sees the request as a {@link SessionlessRequest}, so that no socket costs an HTTP session. Requests without an
 * {@code Upgrade} header (the HTTP tracker's announces at the same paths, the dashboard at {@code /}) pass untouched: the
 * HTTP tracker answers a banned address itself, in bencode, whichever of the two filters the container runs first.
 */
public class ClientAddressFilter extends HttpFilter {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    @Inject
    TrustedProxies proxies;
    @Inject
    BanList bans;

    /** The address of the request being handled on this thread, or null outside a request. */
    static String current() {
        return CURRENT.get();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getHeader("Upgrade") == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = proxies.clientAddress(request);
        if (bans.refusesAddress(address, System.currentTimeMillis())) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN); // banned by the operator: the handshake is refused
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("banned\n");
            return;
        }
        CURRENT.set(address);
        try {
            chain.doFilter(new SessionlessRequest(request), response);
        } finally {
            CURRENT.remove();
        }
    }
}
