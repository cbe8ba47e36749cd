package dev.rendezvous.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;

import static dev.rendezvous.it.ClusterChecks.awaitHealth;
import static dev.rendezvous.it.ClusterChecks.startTogether;
import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.answer;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one Redis, each with its own settings file: a reload on one (an access list that refuses a swarm)
 * changes that node only, and disturbs neither the other node nor the sockets and cross-node offers open across both.
 */
class LiveClusterIT {
    static final Path DIR = Path.of("target/live-cluster-it").toAbsolutePath();
    static final String TOKEN = "live-cluster-admin-token-0123456789";
    static RedisServer redis;
    static LibertyServer a;
    static LibertyServer b;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void startNodes() throws Exception {
        Files.createDirectories(DIR);
        redis = RedisServer.start();
        a = node("a");
        b = node("b");
        startTogether(List.of(a, b), Duration.ofSeconds(180));
        for (LibertyServer node : List.of(a, b)) {
            awaitHealth(node, "\"nodes\":2", Duration.ofSeconds(30));
        }
    }

    static Path settings(String letter) {
        return DIR.resolve("node-" + letter + ".properties");
    }

    static LibertyServer node(String letter) throws Exception {
        LiveSettingsIT.write(settings(letter), "rendezvous.tracker.max-offers=10\n");
        return LibertyServer.named("liveCluster-node-" + letter)
                .env("RENDEZVOUS_CONFIG_FILE", settings(letter))
                .property("rendezvous.cluster.redis-uri", redis.uri())
                .property("rendezvous.cluster.node-id", "live-node-" + letter)
                .property("rendezvous.cluster.node-timeout", 4)
                .property("rendezvous.turn.enabled", false)
                .env("RENDEZVOUS_ADMIN_TOKEN", TOKEN)
                .build();
    }

    @AfterAll
    static void stopAll() throws Exception {
        List.of(a, b).parallelStream().filter(java.util.Objects::nonNull).forEach(LibertyServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aReloadOnOneNodeChangesThatNodeOnly() throws Exception {
        String shared = id("live-shared");
        String refusedHex = "3333333333333333333333333333333333333333";
        String refused = new String(HexFormat.of().parseHex(refusedHex), StandardCharsets.ISO_8859_1);
        String offerer = id("offerer");
        String answerer = id("answerer");
        try (WsClient onA = WsClient.open(a.ws() + "/announce");
             WsClient onB = WsClient.open(b.ws() + "/announce")) {
            onB.send(announce(shared, answerer, "")).next();
            onA.send(announce(shared, offerer, "")).next();
            String bBefore = LiveSettingsIT.settingsCheck(b).getString("last-reload");
            String aBefore = LiveSettingsIT.settingsCheck(a).getString("last-reload");

            Path list = DIR.resolve("deny.txt");
            LiveSettingsIT.write(list, refusedHex + "\n");
            LiveSettingsIT.write(settings("a"), "rendezvous.tracker.max-offers=10\nrendezvous.tracker.access-list.mode=deny\n"
                    + "rendezvous.tracker.access-list.path=" + list + "\n");
            JsonObject reloaded = LiveSettingsIT.awaitReload(a, aBefore);
            assertEquals("applied", reloaded.getString("outcome"), reloaded.toString());

            assertTrue(onA.send(announce(refused, id("p"), "")).next().getString("failure reason").contains("access list"),
                    "node A took its new list");
            assertTrue(onB.send(announce(refused, id("p"), "")).next().containsKey("interval"), "node B did not");
            assertEquals(bBefore, LiveSettingsIT.settingsCheck(b).getString("last-reload"), "node B did not reload");

            // The sockets opened before the reload, on both nodes, still meet across them.
            onA.send(announce(shared, offerer, offers("live-o1"))).next();
            JsonObject offer = onB.next();
            assertEquals("live-o1", offer.getString("offer_id"), offer.toString());
            onB.send(answer(shared, answerer, offerer, "live-o1"));
            assertEquals("live-o1", onA.next().getString("offer_id"));
            assertTrue(onA.isOpen() && onB.isOpen());
            awaitHealth(b, "\"nodes\":2", Duration.ofSeconds(5));
        }
    }

    @Test
    void nodeAsApiReloadsNodeBAndShowsItsLastReload() throws Exception {
        // Through node A's admin API, node B re-reads its own file (a restart-only key in it), and A's /admin/nodes
        // shows B's outcome as B reports it.
        AdminApi onA = new AdminApi(a.http(), TOKEN);
        LiveSettingsIT.write(settings("b"), "rendezvous.tracker.max-offers=10\nrendezvous.cluster.node-timeout=5\n");
        HttpResponse<String> reloaded = onA.call("POST", "/admin/nodes/live-node-b/reload");
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        JsonObject outcome = AdminApi.json(reloaded.body());
        assertEquals("applied", outcome.getString("outcome"), outcome.toString());

        JsonObject nodeB = AdminApi.find(onA.items("/admin/nodes"), "id", "live-node-b");
        assertTrue(nodeB != null, "node B is listed on A");
        JsonObject last = nodeB.getJsonObject("last_reload");
        assertTrue(Instant.parse(last.getString("time")).compareTo(Instant.parse(outcome.getString("time"))) >= 0,
                nodeB.toString());
        assertEquals("applied", last.getString("outcome"), nodeB.toString());
        assertEquals("rendezvous.cluster.node-timeout", last.getJsonArray("pending_restart").getString(0), nodeB.toString());
        JsonObject nodeA = AdminApi.find(onA.items("/admin/nodes"), "id", "live-node-a");
        assertEquals(0, nodeA.getJsonObject("last_reload").getJsonArray("pending_restart").size(),
                "node A reports its own reload, not B's: " + nodeA);
        assertEquals(404, onA.call("POST", "/admin/nodes/no-such-node/reload").statusCode());
        LiveSettingsIT.write(settings("b"), "rendezvous.tracker.max-offers=10\n");
    }
}
