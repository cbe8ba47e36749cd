package dev.rendezvous.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The application's error page (the WAR's web.xml sends every error here): the status and its reason, as plain
 * text, and nothing else. Containers' own pages name exception classes, message ids and paths; this one tells
 * a stranger nothing about the server. Whatever went wrong is in the server's log, not in the answer.
 */
public class ErrorPage extends HttpServlet {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"));

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Asked for directly, this page is not there.
        int status = code instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(status + " " + reason(status) + "\n");
    }

    /** The reason phrase for {@code status}; "Error" for one this page does not name. */
    static String reason(int status) {
        return REASONS.getOrDefault(status, "Error");
    }
}
