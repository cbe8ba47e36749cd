package dev.rendezvous.admin;

import dev.rendezvous.auth.TrustedProxies;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The door of {@code /admin}: with admin off, every path under it (and the console's page) answers 404, as if it did
 * not exist; with it on, a request without a valid bearer token gets 401 with {@code WWW-Authenticate: Bearer}, and an
 * address with too many failures 429. Nothing here logs a token or a header.
 */
@WebFilter(urlPatterns = {"/admin/*", "/admin.html"}, asyncSupported = true)
public class AdminFilter extends HttpFilter {
    @Inject
    AdminAccess access;
    @Inject
    TrustedProxies proxies;
    @Inject
    AdminMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", "no-store");
        if (!access.enabled()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "not found");
            return;
        }
        if (request.getRequestURI().substring(request.getContextPath().length()).equals("/admin.html")) {
            chain.doFilter(request, response); // the page itself holds nothing: it asks for the token
            return;
        }
        String address = proxies.clientAddress(request);
        switch (access.check(request.getHeader("Authorization"), address, System.nanoTime())) {
            case ALLOWED -> chain.doFilter(request, response);
            case DENIED -> {
                metrics.accessDenied();
                response.setHeader("WWW-Authenticate", "Bearer realm=\"rendezvous-admin\"");
                error(response, HttpServletResponse.SC_UNAUTHORIZED, "a valid bearer token is required");
            }
            case LIMITED -> {
                metrics.accessDenied();
                response.setHeader("Retry-After", "60");
                error(response, 429, "too many failed attempts from this address; try again in a minute");
            }
        }
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"error\":\"" + message + "\",\"status\":" + status + "}");
    }
}
