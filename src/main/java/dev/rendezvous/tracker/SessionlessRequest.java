package dev.rendezvous.tracker;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * A tracker handshake's request, on which {@code getSession()} creates no HTTP session. Liberty's WebSocket
 * handshake calls {@code request.getSession()} for every upgrade (to offer the session to the endpoint), so each
 * tracker socket created an HTTP session: about 1.6 KB of heap per open socket, a {@code Set-Cookie} in every
 * 101 response, and sessions that outlived their sockets until the session timeout (30 minutes). The tracker
 * never uses HTTP sessions; Liberty's WebSocket code accepts a null one.
 */
final class SessionlessRequest extends HttpServletRequestWrapper {
    SessionlessRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public HttpSession getSession() {
        return super.getSession(false);
    }

    @Override
    public HttpSession getSession(boolean create) {
        return super.getSession(false);
    }
}
