package dev.rendezvous.ops;

import dev.rendezvous.tracker.TrackerService;
import dev.rendezvous.tracker.TrackerStats;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * {@code /stats.json} in the reference tracker's shape, and {@code /stats} as a page a person can read. A
 * servlet rather than a JAX-RS resource: JAX-RS mapped at the root would hide the web page. Mapped by
 * {@link StatsPages}, unless {@code rendezvous.stats.enabled} is false.
 */
public class StatsServlet extends HttpServlet {
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    TrackerService tracker;
    @Inject
    MessageRate rate;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (request.getServletPath().endsWith(".json")) {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSONB.toJson(snapshot()));
        } else {
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(html());
        }
    }

    /** The page; every value is escaped, wherever it came from, and the styles are the WAR's stylesheet's. */
    private String html() {
        TrackerStats s = snapshot();
        StringBuilder page = new StringBuilder(2048)
                .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rendezvous stats</title>")
                .append("<link rel=\"icon\" href=\"assets/favicon.svg\" type=\"image/svg+xml\">")
                .append("<link rel=\"stylesheet\" href=\"assets/style.css\"></head><body>")
                .append("<header><h1>Rendezvous tracker</h1><nav><a href=\"./\">Dashboard</a></nav></header>")
                .append("<main><section><table class=\"stats\">");
        row(page, "Rooms (torrents)", s.torrents());
        row(page, "Active rooms", s.activeTorrents());
        row(page, "Peers", s.peersAll());
        row(page, "Seeders only", s.peersSeederOnly());
        row(page, "Leechers only", s.peersLeecherOnly());
        row(page, "Seeders and leechers", s.peersSeederAndLeecher());
        row(page, "IPv4 peers", s.peersIPv4());
        row(page, "IPv6 peers", s.peersIPv6());
        row(page, "Open sockets", s.sockets());
        row(page, "Uptime (s)", s.uptimeSeconds());
        row(page, "Messages/s", String.format("%.1f", s.messagesPerSecond()));
        if (s.cluster() != null) {
            row(page, "Cluster node", s.cluster().node());
            row(page, "Cluster engine", s.cluster().engine());
            row(page, "Live nodes", String.join(", ", s.cluster().nodes()));
            row(page, "Sockets on all nodes", s.cluster().sockets());
        }
        page.append("</table></section><section><h2>Clients</h2><table class=\"stats\">");
        for (Map.Entry<String, Map<String, Integer>> client : s.clients().entrySet()) {
            for (Map.Entry<String, Integer> version : client.getValue().entrySet()) {
                row(page, client.getKey() + " " + version.getKey(), version.getValue());
            }
        }
        return page.append("</table><p><a href=\"stats.json\">stats.json</a></p></section></main></body></html>")
                .toString();
    }

    private TrackerStats snapshot() {
        TrackerStats node = TrackerStats.of(tracker, rate.uptimeSeconds(), rate.perSecond());
        return tracker.cluster().status().map(node::withCluster).orElse(node);
    }

    private static void row(StringBuilder page, String label, Object value) {
        page.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(String.valueOf(value)))
                .append("</td></tr>");
    }

    /** Text as HTML text or attribute value: nothing in it can open a tag, an entity or an attribute. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
