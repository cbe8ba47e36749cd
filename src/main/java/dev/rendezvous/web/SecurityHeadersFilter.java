package dev.rendezvous.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Sets the security headers on every response of the application, pages, JSON answers and error pages alike:
 * the {@link ContentSecurityPolicy}, {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer},
 * and {@code Cache-Control: no-store} where answers carry credentials or admin data ({@code /ice-servers},
 * {@code /admin} and everything under it). WebSocket upgrades pass untouched: a 101 has no page to protect.
 * A missing file is answered 404 here, through the application's error page.
 * Registered by {@link SecurityHeaders}.
 */
public class SecurityHeadersFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            response.setHeader("Content-Security-Policy", ContentSecurityPolicy.forHost(request.getHeader("Host")));
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            if (neverStored(request.getRequestURI(), request.getContextPath().length())) {
                response.setHeader("Cache-Control", "no-store");
            }
        }
        try {
            chain.doFilter(request, response);
        } catch (FileNotFoundException | ServletException e) {
            // Liberty's file servlet reports a missing file by throwing. Thrown on through a filter, that becomes an
            // FFDC incident (a file under logs/ffdc) for every few unknown paths a stranger asks for.
            if (!missingFile(e) || response.isCommitted()) {
                throw e;
            }
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static boolean missingFile(Exception e) {
        return e instanceof FileNotFoundException
                || e instanceof ServletException servlet && servlet.getRootCause() instanceof FileNotFoundException;
    }

    /** Whether answers at {@code path} (below the context root) must never be kept by a browser or a proxy. */
    static boolean neverStored(String path) {
        return neverStored(path, 0);
    }

    /** The same for the part of {@code uri} from {@code from} on, read in place: nothing is built per request. */
    private static boolean neverStored(String uri, int from) {
        return under(uri, from, "/admin") || under(uri, from, "/ice-servers");
    }

    private static boolean under(String uri, int from, String root) {
        int end = from + root.length();
        return uri.startsWith(root, from) && (uri.length() == end || uri.charAt(end) == '/');
    }
}
