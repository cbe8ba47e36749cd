package dev.rendezvous.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.quote;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real BitTorrent clients nobody here wrote, through one tracker's HTTP (BEP 3) and UDP (BEP 15) endpoints:
 * libtorrent 2.0 sessions transferring a file (hybrid v1+v2 and v1-only torrents), aria2c downloading from a libtorrent
 * seeder, and the npm bittorrent-tracker Client; and a mixed swarm, where a WebSocket peer and a libtorrent peer in one
 * info_hash are counted by a scrape over each protocol. Subclasses say which tracker: Rendezvous, or the reference
 * server (the control: a check that fails on Rendezvous and passes there is Rendezvous' bug, not the harness's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BitTorrentClientChecks {
    /** A transfer gives up after this long (a loaded 2-core machine; they take about a second). */
    static final int TRANSFER_SECONDS = 90;

    /** e.g. http://127.0.0.1:9080 (announce at /announce, scrape at /scrape). */
    abstract String http();

    abstract int udpPort();

    abstract String ws();

    /** The reference returns an HTTP or UDP announcer its own address among the peers; Rendezvous does not. */
    abstract boolean returnsTheAnnouncerItself();

    /**
     * The reference's HTTP scrape keys each file by the UTF-8 encoding of the binary info_hash (a JavaScript string of
     * chars 0-255 given to its bencoder), so a hash with a byte of 0x80 or more comes back under a longer key no
     * client looks up. Rendezvous keys it by the 20 raw bytes (BEP 48).
     */
    abstract boolean scrapeKeysAreUtf8();

    /** The tracker's own count of announces over {@code protocol} ("http", "udp"), where it publishes one. */
    abstract OptionalDouble announces(String protocol);

    String httpAnnounce() {
        return http() + "/announce";
    }

    String udpAnnounce() {
        return "udp://127.0.0.1:" + udpPort();
    }

    String name() {
        return getClass().getSimpleName();
    }

    private Libtorrent.Transfer transfer(String protocol, String tracker, boolean hybrid) throws Exception {
        double before = announces(protocol).orElse(0);
        Libtorrent.Transfer t = hybrid
                ? Libtorrent.transfer(protocol + "-hybrid", tracker, TRANSFER_SECONDS)
                : Libtorrent.transfer(protocol + "-v1", tracker, TRANSFER_SECONDS, "--v1-only");
        t.assertCompleteAndVerified();
        String[] versions = hybrid ? new String[] {"v1", "v2"} : new String[] {"v1"};
        t.assertAnswered("seeder", versions).assertAnswered("downloader", versions);
        for (String v : versions) {
            assertTrue(t.peersFromTracker("downloader", v) >= 1, "the tracker gave the downloader the seeder (" + v + "): " + t.output());
        }
        if (hybrid) {
            assertNotEquals(t.infoHash("v1"), t.infoHash("v2"));
        }
        announces(protocol).ifPresent(after -> assertTrue(after >= before + 2.0 * versions.length,
                "the tracker counted the " + protocol + " announces: " + before + " -> " + after));
        System.out.printf("%s: libtorrent %s %s transfer of %d bytes in %.3f s%n", name(), hybrid ? "hybrid" : "v1-only",
                protocol, t.summary().getInt("size"), t.seconds());
        return t;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libtorrentHybridTransferThroughTheHttpTrackerOnly() throws Exception {
        transfer("http", httpAnnounce(), true);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libtorrentV1TransferThroughTheHttpTrackerOnly() throws Exception {
        transfer("http", httpAnnounce(), false);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libtorrentHybridTransferThroughTheUdpTrackerOnly() throws Exception {
        transfer("udp", udpAnnounce(), true);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libtorrentV1TransferThroughTheUdpTrackerOnly() throws Exception {
        transfer("udp", udpAnnounce(), false);
    }

    /** The harness can fail: a seeder whose bytes do not match the torrent never completes a download. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aCorruptSeedNeverCompletesADownload() throws Exception {
        Libtorrent.Transfer t = Libtorrent.transfer("http-corrupt", httpAnnounce(), 10, "--v1-only", "--corrupt-seed");
        assertEquals(1, t.exitCode(), t.output());
        assertFalse(t.summary().getBoolean("completed"), t.output());
        assertTrue(t.summary().getJsonObject("downloader").getJsonNumber("progress").doubleValue() < 1.0, t.output());
    }

    /**
     * aria2c downloads from a libtorrent seeder, each given only the torrent. A v1-only torrent: aria2 1.36 computes
     * another info hash for a hybrid torrent (it announced a hash the seeder never did, and found nobody).
     */
    private void aria2cDownloads(String protocol, String tracker) throws Exception {
        try (Libtorrent.Seeder seeder = Libtorrent.seed("aria2-" + protocol, tracker, 150, "--v1-only")) {
            Aria2.Download download = Aria2.download(seeder.torrent(), seeder.workdir.resolve("aria2"), protocol.equals("udp"),
                    Duration.ofSeconds(60));
            assertEquals(0, download.exitCode(), download.output());
            byte[] got = Files.readAllBytes(download.file().resolve(seeder.source().getFileName()));
            assertArrayEquals(Libtorrent.sha256(Files.readAllBytes(seeder.source())), Libtorrent.sha256(got), "aria2c's bytes");
            System.out.printf("%s: aria2c downloaded %d bytes from libtorrent through the %s tracker in %d ms%n", name(),
                    got.length, protocol, download.took().toMillis());
            JsonObject summary = seeder.stop();
            assertEquals(0, summary.getJsonObject("errors").getJsonArray("v1").size(), summary.toString());
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aria2cDownloadsFromLibtorrentThroughTheHttpTracker() throws Exception {
        aria2cDownloads("http", httpAnnounce());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aria2cDownloadsFromLibtorrentThroughTheUdpTracker() throws Exception {
        aria2cDownloads("udp", udpAnnounce());
    }

    private void npmClients(String url) throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(60), "tracker-clients.mjs", url);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"seederGotItself\":" + returnsTheAnnouncerItself()), result.output());
    }

    @Test
    void npmClientsAnnounceGetPeersAndScrapeOverHttp() throws Exception {
        npmClients(httpAnnounce());
    }

    @Test
    void npmClientsAnnounceGetPeersAndScrapeOverUdp() throws Exception {
        npmClients(udpAnnounce());
    }

    /** Complete and incomplete of one info_hash, as a scrape over each protocol counts them. */
    private Map<String, List<Integer>> scrapes(WsClient ws, String infoHash) throws Exception {
        JsonObject wsFile = ws.send("{\"action\":\"scrape\",\"info_hash\":" + quote(infoHash) + "}").next()
                .getJsonObject("files").getJsonObject(infoHash);
        HttpTrackerClient.Reply http = HttpTrackerClient.get(http(), "/scrape", new HttpTrackerClient.Query().infoHash(infoHash));
        assertEquals(200, http.status(), http.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> files = (Map<String, Object>) http.dictionary().get("files");
        assertEquals(1, files.size(), http.toString());
        String key = scrapeKeysAreUtf8()
                ? new String(infoHash.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) : infoHash;
        @SuppressWarnings("unchecked")
        Map<String, Object> httpFile = (Map<String, Object>) files.get(key);
        assertNotNull(httpFile, "the HTTP scrape's file of the info_hash: " + http);
        Bep15Client.ScrapeFile udpFile;
        try (Bep15Client udp = new Bep15Client(udpPort())) {
            udpFile = udp.scrape(udp.connect(), infoHash).get(0);
        }
        return Map.of(
                "websocket", List.of(wsFile.getInt("complete"), wsFile.getInt("incomplete")),
                "http", List.of(((Long) httpFile.get("complete")).intValue(), ((Long) httpFile.get("incomplete")).intValue()),
                "udp", List.of(udpFile.seeders(), udpFile.leechers()));
    }

    /**
     * One swarm whatever the protocol: a libtorrent seeder announcing over {@code protocol} and a WebSocket leecher in
     * the same info_hash; a scrape over WebSocket, HTTP and UDP counts both. When libtorrent stops (it announces
     * `stopped`), every scrape counts the WebSocket peer alone.
     */
    private void mixedSwarm(String protocol, String tracker) throws Exception {
        try (Libtorrent.Seeder seeder = Libtorrent.seed("mixed-" + protocol, tracker, 150, "--v1-only");
             WsClient ws = WsClient.open(ws() + "/announce")) {
            String infoHash = seeder.infoHashV1();
            String wsPeer = id("ws-leecher");
            JsonObject announced = ws.send(announce(infoHash, wsPeer, ",\"left\":1000,\"numwant\":5,\"offers\":[]")).next();
            assertEquals(1, announced.getInt("complete"), "the WebSocket announce counts the libtorrent seeder: " + announced);
            assertEquals(1, announced.getInt("incomplete"), announced.toString());
            List<Integer> both = List.of(1, 1);
            assertEquals(Map.of("websocket", both, "http", both, "udp", both), scrapes(ws, infoHash));
            ws.close();
            JsonObject stopped = seeder.stop();
            assertEquals(1, stopped.getInt("stops_sent"), "libtorrent announced stopped: " + stopped);
            // The WebSocket peer joins again on a fresh socket for each look (the IT server forgets a peer after 4 s
            // and closes a socket idle for 6 s, and stopping libtorrent can take that long on a loaded machine).
            List<Integer> wsAlone = List.of(0, 1);
            Map<String, List<Integer>> expected = Map.of("websocket", wsAlone, "http", wsAlone, "udp", wsAlone);
            Object seen = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!expected.equals(seen) && System.nanoTime() < deadline) {
                try (WsClient poller = WsClient.open(ws() + "/announce")) {
                    poller.send(announce(infoHash, wsPeer, ",\"left\":1000,\"numwant\":5,\"offers\":[]")).next();
                    seen = scrapes(poller, infoHash);
                } catch (RuntimeException | AssertionError e) {
                    seen = e.toString();
                }
                if (!expected.equals(seen)) {
                    Thread.sleep(200);
                }
            }
            assertEquals(expected, seen, "after libtorrent's stopped, each scrape counts the WebSocket peer alone");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void mixedSwarmOfAWebSocketPeerAndALibtorrentPeerOverHttpIsCountedByEveryScrape() throws Exception {
        mixedSwarm("http", httpAnnounce());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void mixedSwarmOfAWebSocketPeerAndALibtorrentPeerOverUdpIsCountedByEveryScrape() throws Exception {
        mixedSwarm("udp", udpAnnounce());
    }
}
