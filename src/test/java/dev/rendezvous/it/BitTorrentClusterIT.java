package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.rendezvous.it.ClusterChecks.awaitConnected;
import static dev.rendezvous.it.ClusterChecks.startTogether;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real BitTorrent clients across a two-node cluster on a real Debian {@code redis-server}: a libtorrent seeder
 * announces to node A only, a libtorrent downloader to node B only, and the file crosses, over the HTTP tracker and
 * over the UDP tracker (and with the seeder on one protocol, the downloader on the other); the npm bittorrent-tracker
 * Clients likewise, with the counts of their scrapes covering both nodes. Each node has its own HTTP port and UDP
 * tracker port on 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BitTorrentClusterIT {
    private RedisServer redis;
    private LibertyServer a;
    private LibertyServer b;
    private int udpA;
    private int udpB;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void startCluster() throws Exception {
        redis = RedisServer.start();
        udpA = FreePorts.next();
        udpB = FreePorts.next();
        a = node("a", udpA);
        b = node("b", udpB);
        startTogether(List.of(a, b), Duration.ofSeconds(180));
        awaitConnected(List.of(a, b));
    }

    private LibertyServer node(String letter, int udpPort) {
        return LibertyServer.named("bt-cluster-node-" + letter)
                .property("rendezvous.cluster.redis-uri", redis.uri())
                .property("rendezvous.cluster.node-id", "bt-node-" + letter)
                .property("rendezvous.cluster.node-timeout", 4)
                .property("rendezvous.udp-tracker.listen-address", "127.0.0.1")
                .property("rendezvous.udp-tracker.port", udpPort)
                // As behind one UDP load balancer: an id one node issued is valid on the other. libtorrent needs it
                // here: it caches one connection id per tracker IP for the whole process, and both nodes are 127.0.0.1.
                .property("rendezvous.udp-tracker.connection-secret", "bt-cluster-it-shared-udp-secret")
                .property("rendezvous.turn.enabled", false)
                .build();
    }

    @AfterAll
    void stopCluster() throws Exception {
        Stream.of(a, b).filter(Objects::nonNull).parallel().forEach(LibertyServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    private static String http(LibertyServer node) {
        return node.http() + "/announce";
    }

    private static String udp(int port) {
        return "udp://127.0.0.1:" + port;
    }

    private static double announces(LibertyServer node, String protocol) {
        return Server.metricOf(node.http(), "rendezvous_tracker_protocol_announces_total", "protocol=\"" + protocol + "\"");
    }

    private void transfer(String label, String seederTracker, String downloaderTracker, String seederProtocol,
                          String downloaderProtocol, String... options) throws Exception {
        double onA = announces(a, seederProtocol);
        double onB = announces(b, downloaderProtocol);
        String[] args = new String[options.length + 2];
        args[0] = "--leech-tracker";
        args[1] = downloaderTracker;
        System.arraycopy(options, 0, args, 2, options.length);
        Libtorrent.Transfer t = Libtorrent.transfer("cluster-" + label, seederTracker, BitTorrentClientChecks.TRANSFER_SECONDS, args);
        t.assertCompleteAndVerified();
        String[] versions = options.length == 0 ? new String[] {"v1", "v2"} : new String[] {"v1"};
        t.assertAnswered("seeder", versions).assertAnswered("downloader", versions);
        for (String v : versions) {
            assertTrue(t.peersFromTracker("downloader", v) >= 1, "node B gave the downloader node A's seeder (" + v + "): " + t.output());
        }
        assertEquals(seederTracker, t.summary().getJsonObject("seeder").getString("tracker"));
        assertEquals(downloaderTracker, t.summary().getJsonObject("downloader").getString("tracker"));
        assertTrue(announces(a, seederProtocol) >= onA + versions.length, "node A counted the seeder's announces");
        assertTrue(announces(b, downloaderProtocol) >= onB + versions.length, "node B counted the downloader's announces");
        System.out.printf("BitTorrentClusterIT: %s: %d bytes from a seeder on node A (%s) to a downloader on node B (%s) in %.3f s%n",
                label, t.summary().getInt("size"), seederProtocol, downloaderProtocol, t.seconds());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libtorrentHybridTransferAcrossNodesOverHttp() throws Exception {
        transfer("http-hybrid", http(a), http(b), "http", "http");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libtorrentHybridTransferAcrossNodesOverUdp() throws Exception {
        transfer("udp-hybrid", udp(udpA), udp(udpB), "udp", "udp");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libtorrentV1TransferFromAnHttpSeederOnAToAUdpDownloaderOnB() throws Exception {
        transfer("http-to-udp-v1", http(a), udp(udpB), "http", "udp", "--v1-only");
    }

    @Test
    void npmClientsOnTwoNodesOverHttp() throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(60), "tracker-clients.mjs", http(a), http(b));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void npmClientsOnTwoNodesOverUdp() throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(60), "tracker-clients.mjs", udp(udpA), udp(udpB));
        assertEquals(0, result.exitCode(), result.output());
    }
}
