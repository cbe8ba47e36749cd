package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, metrics and statistics endpoints of the running server. */
class OperationsIT {

    private static JsonObject json(String path) {
        HttpResponse<String> response = Server.get(path);
        assertEquals(200, response.statusCode(), path);
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    @Test
    void healthEndpointsReportTheTrackerUp() {
        for (String path : new String[]{"/health", "/health/live", "/health/ready", "/health/started"}) {
            JsonObject health = json(path);
            assertEquals("UP", health.getString("status"), path);
            assertTrue(health.toString().contains("tracker"), path + ": " + health);
        }
        assertTrue(json("/health/ready").toString().contains("\"sockets\""));
    }

    @Test
    void everyHealthCheckHasItsOwnNameAndAddressesReadAsOperatorsWriteThem() {
        Map<String, JsonObject> checks = SmokeChecks.checksAreNamedOnceWithReadableAddresses(json("/health"));
        assertEquals(Set.of("tracker-started", "tracker-maintenance", "tracker", "turn-udp", "turn-tcp", "turn-tls",
                "udp-tracker", "cluster", "settings"), checks.keySet(), checks.toString());
        assertTrue(checks.get("tracker").getJsonObject("data").containsKey("sockets"), "the readiness check has the load");
        assertEquals("127.0.0.1:" + Integer.getInteger("it.turn.port"),
                checks.get("turn-udp").getJsonObject("data").getString("address"));
        assertEquals(Set.of("tracker-started"), SmokeChecks.checksAreNamedOnceWithReadableAddresses(json("/health/started")).keySet());
        assertEquals(Set.of("tracker-maintenance", "settings"), SmokeChecks.checksAreNamedOnceWithReadableAddresses(json("/health/live")).keySet());
    }

    @Test
    void metricsArePrometheusTextWithoutLoginAndCountTheTracker() {
        double announces = Server.metric("rendezvous_tracker_announces_total");
        try (WsClient a = WsClient.connect(); WsClient b = WsClient.connect()) {
            String room = id("metrics");
            String bob = id("bob");
            b.send(announce(room, bob, "")).next();
            a.send(announce(room, id("alice"), Frames.offers("m1"))).next();
            b.next();
            assertTrue(Server.metric("rendezvous_tracker_sockets") >= 2);
            assertTrue(Server.metric("rendezvous_tracker_rooms") >= 1);
            assertTrue(Server.metric("rendezvous_tracker_peers") >= 2);
        }
        assertTrue(Server.metric("rendezvous_tracker_announces_total") >= announces + 2);
        String body = Server.get("/metrics").body();
        for (String name : new String[]{"rendezvous_tracker_sockets", "rendezvous_tracker_rooms", "rendezvous_tracker_peers",
                "rendezvous_tracker_announces_total", "rendezvous_tracker_offers_forwarded_total",
                "rendezvous_tracker_answers_forwarded_total", "rendezvous_tracker_answers_unrouted_total",
                "rendezvous_tracker_scrapes_total", "rendezvous_tracker_error_frames_total",
                "rendezvous_tracker_frames_too_large_total", "rendezvous_tracker_sockets_slow_closed_total",
                "rendezvous_tracker_origin_rejections_total", "rendezvous_tracker_sockets_idle_closed_total"}) {
            assertTrue(body.contains(name), name);
        }
    }

    @Test
    void libertysVendorMetricsComeWithoutTheThreadPoolMonitor() {
        Server.get("/"); // a servlet request, for the web container's monitor
        String body = Server.get("/metrics").body();
        assertTrue(body.contains("servlet_request_total{mp_scope=\"vendor\""), "the web container's vendor metrics");
        assertTrue(body.contains("cpu_processCpuUtilization_percent{mp_scope=\"vendor\""), "the JVM's vendor metrics");
        // server.xml's MONITOR_FILTER leaves the thread pool's monitor out: its probe runs on every send.
        assertTrue(!body.contains("threadpool_"), "no thread pool monitor");
    }

    @Test
    void statsJsonHasTheReferenceShapeAndNeverListsRoomKeysByDefault() {
        String room = id("stats");
        try (WsClient seeder = WsClient.connect(); WsClient leecher = WsClient.connect()) {
            seeder.send(announce(room, "-WW0300-" + id("s").substring(0, 12), ",\"left\":0")).next();
            leecher.send(announce(room, "-qB4620-" + id("l").substring(0, 12), ",\"left\":7")).next();
            JsonObject stats = json("/stats.json");
            for (String key : new String[]{"torrents", "activeTorrents", "peersAll", "peersSeederOnly", "peersLeecherOnly",
                    "peersSeederAndLeecher", "peersIPv4", "peersIPv6", "sockets", "uptimeSeconds", "messagesPerSecond"}) {
                assertTrue(stats.containsKey(key), key);
            }
            assertTrue(stats.getInt("torrents") >= 1);
            assertTrue(stats.getInt("peersSeederOnly") >= 1);
            assertTrue(stats.getInt("peersLeecherOnly") >= 1);
            assertTrue(stats.getJsonObject("clients").containsKey("WebTorrent"));
            assertTrue(stats.getJsonObject("clients").getJsonObject("qBittorrent").containsKey("4.6.2.0"));
            assertEquals(stats.getInt("peersAll"), stats.getInt("peersIPv4") + stats.getInt("peersIPv6"));
            assertTrue(stats.getInt("peersIPv4") >= 2, "the IT server listens on 127.0.0.1 only");
            assertFalse(stats.containsKey("rooms"));
            assertFalse(Server.get("/stats.json").body().contains(room));

            HttpResponse<String> page = Server.get("/stats");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("Rendezvous tracker"));
            assertFalse(page.body().contains(room));
        }
    }
}
