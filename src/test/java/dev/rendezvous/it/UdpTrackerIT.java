package dev.rendezvous.it;

import dev.rendezvous.tracker.udp.Bep15;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UDP tracker (BEP 15) of the shared Liberty server, over IPv4 (127.0.0.1) and IPv6 (::1): raw single packets
 * as any client sends them, bad input of every kind, and the npm {@code bittorrent-tracker} Client over udp://.
 */
class UdpTrackerIT {
    private static final int PORT = Integer.getInteger("it.udp-tracker.port", 6969);
    private static final Duration SILENCE = Duration.ofMillis(500);

    private static double metric(String name, String labels) {
        return Server.metric(name, labels);
    }

    @Test
    void peersFindEachOtherAndAreCountedOverIpv4() throws IOException {
        String infoHash = id("udp-v4");
        try (UdpTrackerClient seeder = UdpTrackerClient.ipv4(PORT); UdpTrackerClient leecher = UdpTrackerClient.ipv4(PORT)) {
            String leecherId = id("leecher");
            Bep15.Answer first = seeder.exchange(Bep15.announce(seeder.connect(), 1, infoHash, id("seeder"), 0, 2, -1, 40001));
            assertEquals(1, first.transactionId());
            assertEquals(0, first.peerCount(6));
            assertEquals(1, first.seeders());
            assertEquals(2, first.interval(), "the shared server's announce interval");

            long id = leecher.connect();
            Bep15.Answer second = leecher.exchange(Bep15.announce(id, 2, infoHash, leecherId, 5000, 2, -1, 40002));
            assertEquals(1, second.peerCount(6));
            assertArrayEquals(new byte[]{127, 0, 0, 1}, second.peerAddress(0, 6));
            assertEquals(40001, second.peerPort(0, 6), "the announced port");
            assertEquals(1, second.seeders());
            assertEquals(1, second.leechers());

            Bep15.Answer scrape = leecher.exchange(Bep15.scrape(id, 3, infoHash, id("nobody")));
            assertEquals(8 + 24, scrape.length());
            assertArrayEquals(new int[]{1, 0, 1}, scrape.scraped(0));
            assertArrayEquals(new int[]{0, 0, 0}, scrape.scraped(1));

            Bep15.Answer stopped = leecher.exchange(Bep15.announce(id, 4, infoHash, leecherId, 5000, 3, -1, 40002));
            assertEquals(0, stopped.leechers(), "stopped leaves at once");
            assertArrayEquals(new int[]{1, 0, 0}, leecher.exchange(Bep15.scrape(id, 5, infoHash)).scraped(0));
        }
    }

    @Test
    void ipv6ClientsGetEighteenBytePeersOfTheirFamilyOnly() throws IOException {
        String infoHash = id("udp-v6");
        try (UdpTrackerClient v4 = UdpTrackerClient.ipv4(PORT); UdpTrackerClient a = UdpTrackerClient.ipv6(PORT);
             UdpTrackerClient b = UdpTrackerClient.ipv6(PORT)) {
            String v4Id = id("v4");
            v4.exchange(Bep15.announce(v4.connect(), 1, infoHash, v4Id, 0, 2, -1, 41000));
            Bep15.Answer first = a.exchange(Bep15.announce(a.connect(), 1, infoHash, id("v6a"), 10, 2, -1, 41001));
            assertEquals(0, first.peerCount(18), "the IPv4 peer is not listed to an IPv6 client");
            assertEquals(1, first.seeders(), "but it is counted");
            Bep15.Answer second = b.exchange(Bep15.announce(b.connect(), 1, infoHash, id("v6b"), 10, 2, -1, 41002));
            assertEquals(1, second.peerCount(18));
            assertArrayEquals(InetAddress.getByName("::1").getAddress(), second.peerAddress(0, 18));
            assertEquals(41001, second.peerPort(0, 18));
            assertEquals(2, second.leechers());
            Bep15.Answer fromV4 = v4.exchange(Bep15.announce(v4.connect(), 2, infoHash, v4Id, 0, 0, -1, 41000));
            assertEquals(0, fromV4.peerCount(6), "nor IPv6 peers to an IPv4 client");
        }
    }

    @Test
    void connectionIdsOnlyWorkFromTheAddressTheyWereIssuedTo() throws IOException {
        double before = metric("rendezvous_udp_tracker_refusals_total", "reason=\"bad_connection_id\"");
        try (UdpTrackerClient owner = UdpTrackerClient.ipv4(PORT);
             UdpTrackerClient sameHost = UdpTrackerClient.ipv4(PORT);
             UdpTrackerClient other = new UdpTrackerClient(new InetSocketAddress("127.0.0.1", PORT),
                     InetAddress.getByName("127.0.0.2"))) {
            long id = owner.connect();
            String infoHash = id("udp-badid");
            Bep15.Answer stolen = other.exchange(Bep15.announce(id, 7, infoHash, id("thief"), 0, 2, -1, 42000));
            assertEquals(3, stolen.action());
            assertEquals(7, stolen.transactionId());
            assertTrue(stolen.error().startsWith("connection id"), stolen.error());
            assertTrue(stolen.length() <= 98);
            Bep15.Answer guessed = other.exchange(Bep15.scrape(0x0123456789ABCDEFL, 8, infoHash));
            assertEquals(3, guessed.action());
            assertTrue(guessed.length() <= 36, "no larger than the 36-byte scrape: " + guessed.length());
            assertArrayEquals(new int[]{0, 0, 0}, owner.exchange(Bep15.scrape(id, 9, infoHash)).scraped(0), "the thief did not join");
            // another socket of the same address may use it: libtorrent sends one id from each of its sessions' sockets
            assertEquals(2, sameHost.exchange(Bep15.scrape(id, 10, infoHash)).action());
        }
        assertEquals(before + 2, metric("rendezvous_udp_tracker_refusals_total", "reason=\"bad_connection_id\""));
    }

    @Test
    void truncatedOversizedAndUnknownPacketsAreRefusedOrDropped() throws IOException {
        double tooShort = metric("rendezvous_udp_tracker_dropped_packets_total", "reason=\"too_short\"");
        double oversized = metric("rendezvous_udp_tracker_dropped_packets_total", "reason=\"oversized\"");
        try (UdpTrackerClient client = UdpTrackerClient.ipv4(PORT)) {
            long id = client.connect();
            client.expectSilence(Arrays.copyOf(Bep15.connect(1), 15), SILENCE);
            client.expectSilence(new byte[0], SILENCE);
            client.expectSilence(Arrays.copyOf(Bep15.scrape(id, 1, id("big")), 1501), SILENCE);

            byte[] truncated = Arrays.copyOf(Bep15.announce(id, 2, id("udp-trunc"), id("p"), 0, 2, -1, 1), 60);
            Bep15.Answer cut = client.exchange(truncated);
            assertEquals("packet too short for its action", cut.error());

            for (int action : new int[]{3, 4, 255, -1}) {
                byte[] unknown = Bep15.scrape(id, 10 + action, id("udp-unknown"));
                ByteBuffer.wrap(unknown).putInt(8, action);
                Bep15.Answer answer = client.exchange(unknown);
                assertEquals(10 + action, answer.transactionId());
                assertEquals("invalid action", answer.error());
            }
            byte[] badMagic = Bep15.connect(5);
            badMagic[0] = 1;
            Bep15.Answer magic = client.exchange(badMagic);
            assertEquals(16, magic.length(), "an error no larger than the 16-byte request");
            assertEquals("invalid ", magic.error());
            assertEquals("invalid port", client.exchange(Bep15.announce(id, 6, id("udp-port"), id("p"), 0, 2, -1, 0)).error());
            assertEquals("invalid event", client.exchange(Bep15.announce(id, 6, id("udp-event"), id("p"), 0, 9, -1, 1)).error());
            byte[] partialHash = Arrays.copyOf(Bep15.scrape(id, 7, id("udp-part")), 30);
            assertTrue(client.exchange(partialHash).error().startsWith("scrape must"));

            byte[] garbage = new byte[400];
            new Random(15).nextBytes(garbage);
            Bep15.Answer answer = client.exchange(garbage);
            assertTrue(answer.length() <= 400);

            // Still served after all that.
            assertEquals(1, client.exchange(Bep15.announce(id, 8, id("udp-after"), id("p"), 0, 2, -1, 43000)).seeders());
        }
        assertEquals(tooShort + 2, metric("rendezvous_udp_tracker_dropped_packets_total", "reason=\"too_short\""));
        assertEquals(oversized + 1, metric("rendezvous_udp_tracker_dropped_packets_total", "reason=\"oversized\""));
    }

    @Test
    void numwantIsBoundedAtBothEnds() throws IOException {
        String infoHash = id("udp-numwant");
        try (UdpTrackerClient client = UdpTrackerClient.ipv4(PORT)) {
            long id = client.connect();
            for (int i = 0; i < 90; i++) {
                client.exchange(Bep15.announce(id, i, infoHash, id("crowd" + i), 0, 2, 0, 44000 + i));
            }
            String asker = id("asker");
            int[] asked = {Integer.MIN_VALUE, -1, 0, 1, 80, 81, Integer.MAX_VALUE};
            int[] given = {50, 50, 0, 1, 80, 80, 80};
            for (int i = 0; i < asked.length; i++) {
                Bep15.Answer answer = client.exchange(Bep15.announce(id, 100 + i, infoHash, asker, 10, 0, asked[i], 45000));
                assertEquals(given[i], answer.peerCount(6), "numwant " + asked[i]);
                assertTrue(answer.length() <= 20 + 200 * 6);
            }
        }
    }

    @Test
    void aWebSocketPeerIsCountedByAUdpScrape() throws IOException {
        String infoHash = id("udp-mixed");
        try (WsClient ws = WsClient.open(Server.WS + "/announce"); UdpTrackerClient udp = UdpTrackerClient.ipv4(PORT)) {
            assertEquals("announce", ws.send(Frames.announce(infoHash, id("ws"), ",\"left\":0,\"event\":\"started\",\"offers\":[]"))
                    .next().getString("action"));
            long id = udp.connect();
            Bep15.Answer announce = udp.exchange(Bep15.announce(id, 1, infoHash, id("udp"), 10, 2, -1, 46000));
            assertEquals(1, announce.seeders(), "the WebSocket seeder is counted");
            assertEquals(0, announce.peerCount(6), "but has no address to give");
            assertArrayEquals(new int[]{1, 0, 1}, udp.exchange(Bep15.scrape(id, 2, infoHash)).scraped(0));
        }
    }

    @Test
    void theNpmBittorrentTrackerClientAnnouncesAndScrapesOverUdp() throws Exception {
        byte[] infoHash = new byte[20];
        new Random().nextBytes(infoHash);
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(60), "udp-client.mjs", "udp://127.0.0.1:" + PORT,
                HexFormat.of().formatHex(infoHash));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"peers\":[\"127.0.0.1:51001\"]"), result.output());
    }

    @Test
    void readinessAndMetricsShowTheTracker() throws IOException {
        String health = Server.get("/health/ready").body();
        assertTrue(health.contains("\"name\":\"udp-tracker\""), health);
        assertTrue(health.contains("127.0.0.1:" + PORT) && health.contains("[::1]:" + PORT), health);
        double connects = metric("rendezvous_udp_tracker_requests_total", "action=\"connect\"");
        try (UdpTrackerClient client = UdpTrackerClient.ipv4(PORT)) {
            client.connect();
        }
        assertEquals(connects + 1, metric("rendezvous_udp_tracker_requests_total", "action=\"connect\""));
    }
}
