package dev.rendezvous.tracker.udp;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.tracker.wire.FailureReason;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request handler against the real swarm registry, without sockets: what each request gets back. */
class UdpTrackerTest {
    private static final String H = "udp-tracker-test-h01";
    private static final long NOW = 1_800_000_000_000L;

    private final Swarms swarms = new Swarms(Map.of());
    private final CountingUdpMetrics metrics = new CountingUdpMetrics();
    private final Semaphore pending = new Semaphore(100);
    private final ConnectionIds ids = new ConnectionIds("test secret of sixteen+".getBytes(StandardCharsets.UTF_8));
    private UdpTracker tracker = tracker(new SourceLimiter(1000, TimeUnit.MINUTES.toNanos(1), 1000));
    private final List<Sent> sent = new ArrayList<>();

    private record Sent(Bep15.Answer answer, InetSocketAddress to) {
    }

    private UdpTracker tracker(SourceLimiter unverified) {
        return new UdpTracker(swarms.tracker, ids, unverified, pending, metrics, () -> NOW);
    }

    /** Sends {@code packet} from {@code client} and returns the one answer, or null when none came. */
    private Bep15.Answer exchange(byte[] packet, InetSocketAddress client) {
        int before = sent.size();
        tracker.handle(packet, packet.length, client, (datagram, to) -> {
            ByteBuffer copy = ByteBuffer.allocate(datagram.remaining()).put(datagram.duplicate()).flip();
            sent.add(new Sent(Bep15.Answer.of(copy), to));
            return true;
        });
        assertTrue(sent.size() - before <= 1, "one request, one answer at most");
        if (sent.size() == before) {
            return null;
        }
        Sent last = sent.get(sent.size() - 1);
        assertEquals(client, last.to(), "answers go to the packet's source");
        return last.answer();
    }

    private long connect(InetSocketAddress client) {
        Bep15.Answer answer = exchange(Bep15.connect(11), client);
        assertEquals(0, answer.action());
        assertEquals(11, answer.transactionId());
        assertEquals(16, answer.length());
        return answer.connectionId();
    }

    private static InetSocketAddress v4(int n) {
        return new InetSocketAddress("10.0.0." + n, 6000 + n);
    }

    private static InetSocketAddress v6(int n) {
        return new InetSocketAddress("2001:db8::" + n, 6000 + n);
    }

    private static String peerId(int n) {
        return String.format("-qB4650-%012d", n);
    }

    private Bep15.Answer announce(InetSocketAddress client, int n, long left, int event, int numwant) {
        return exchange(Bep15.announce(connect(client), 100 + n, H, peerId(n), left, event, numwant, 50_000 + n), client);
    }

    @Test
    void peersOfTheSameFamilyGetEachOtherWithCounts() {
        Bep15.Answer first = announce(v4(1), 1, 0, 2, -1);
        assertEquals(101, first.transactionId());
        assertEquals(0, first.peerCount(6));
        assertEquals(1, first.seeders());

        Bep15.Answer second = announce(v4(2), 2, 500, 2, -1);
        assertEquals(1, second.peerCount(6));
        assertArrayEquals(new byte[]{10, 0, 0, 1}, second.peerAddress(0, 6));
        assertEquals(50_001, second.peerPort(0, 6), "the announced port, not the source port");
        assertEquals(1, second.seeders());
        assertEquals(1, second.leechers());
        assertEquals(120, second.interval());

        Bep15.Answer ipv6 = announce(v6(3), 3, 500, 2, -1);
        assertEquals(0, ipv6.peerCount(18), "an IPv6 client gets IPv6 peers only, 18 bytes each");
        assertEquals(2, ipv6.leechers());
        Bep15.Answer ipv6Again = announce(v6(4), 4, 500, 2, -1);
        assertEquals(1, ipv6Again.peerCount(18));
        assertEquals(50_003, ipv6Again.peerPort(0, 18));
        assertEquals(4, CountingUdpMetrics.count(metrics.requests, UdpAction.ANNOUNCE));
        assertEquals(4, CountingUdpMetrics.count(metrics.requests, UdpAction.CONNECT));
    }

    @Test
    void scrapeCountsAndStoppedLeaves() {
        announce(v4(1), 1, 0, 2, -1);
        announce(v4(2), 2, 10, 2, -1);
        long id = connect(v4(1));
        Bep15.Answer scrape = exchange(Bep15.scrape(id, 9, H, "unknown-hash-0000000"), v4(1));
        assertEquals(8 + 24, scrape.length());
        assertArrayEquals(new int[]{1, 0, 1}, scrape.scraped(0));
        assertArrayEquals(new int[]{0, 0, 0}, scrape.scraped(1));

        Bep15.Answer stopped = announce(v4(2), 2, 10, 3, -1);
        assertEquals(0, stopped.peerCount(6));
        assertEquals(0, stopped.leechers());
        assertArrayEquals(new int[]{1, 0, 0}, exchange(Bep15.scrape(id, 9, H), v4(1)).scraped(0));
    }

    @Test
    void numwantIsBoundedAtBothEnds() {
        for (int n = 1; n <= 120; n++) {
            announce(new InetSocketAddress("10.1." + (n >> 8) + "." + (n & 0xFF), 7000), n, 0, 2, 0);
        }
        assertEquals(50, announce(v4(200), 200, 10, 0, -1).peerCount(6), "negative: the default, 50");
        assertEquals(50, announce(v4(200), 200, 10, 0, Integer.MIN_VALUE).peerCount(6));
        assertEquals(0, announce(v4(200), 200, 10, 0, 0).peerCount(6));
        assertEquals(1, announce(v4(200), 200, 10, 0, 1).peerCount(6));
        assertEquals(80, announce(v4(200), 200, 10, 0, Integer.MAX_VALUE).peerCount(6), "max-numwant, 80");
    }

    @Test
    void aBadConnectionIdGetsAnErrorNoLargerThanTheRequest() {
        long id = connect(v4(1));
        Bep15.Answer wrongAddress = exchange(Bep15.announce(id, 5, H, peerId(1), 0, 2, -1, 1), v4(2));
        assertEquals(5, wrongAddress.transactionId());
        assertEquals(UdpRefusal.BAD_CONNECTION_ID.text(), wrongAddress.error());
        Bep15.Answer otherAddress = exchange(Bep15.scrape(id, 6, H), new InetSocketAddress("10.0.0.9", 1));
        assertEquals(36, otherAddress.length(), "cut to the 36-byte scrape");
        assertTrue(UdpRefusal.BAD_CONNECTION_ID.text().startsWith(otherAddress.error()));
        Bep15.Answer otherPort = exchange(Bep15.scrape(id, 8, H), new InetSocketAddress(v4(1).getAddress(), 1));
        assertEquals(2, otherPort.action(), "a scrape answer from any port of the address: libtorrent sends one id from each socket");
        byte[] unknownAction = Bep15.connect(7);
        ByteBuffer.wrap(unknownAction).putInt(8, 9);
        Bep15.Answer unknown = exchange(unknownAction, v4(1));
        assertEquals(16, unknown.length());
        assertEquals(3, CountingUdpMetrics.count(metrics.refusals, UdpRefusal.BAD_CONNECTION_ID),
                "an unknown action without a valid id is refused for its id");
        assertEquals(0, swarms.registry.scrape(H).incomplete() + swarms.registry.scrape(H).complete(), "nobody joined");
    }

    @Test
    void aValidIdWithAnUnknownActionOrBadFieldsGetsTheReason() {
        long id = connect(v4(1));
        byte[] unknownAction = Bep15.scrape(id, 7, H);
        ByteBuffer.wrap(unknownAction).putInt(8, 3);
        assertEquals(UdpRefusal.INVALID_ACTION.text(), exchange(unknownAction, v4(1)).error());
        assertEquals(UdpRefusal.INVALID_PORT.text(), exchange(Bep15.announce(id, 5, H, peerId(1), 0, 2, -1, 0), v4(1)).error());
        assertEquals(UdpRefusal.INVALID_EVENT.text(), exchange(Bep15.announce(id, 5, H, peerId(1), 0, 7, -1, 1), v4(1)).error());
        byte[] truncated = java.util.Arrays.copyOf(Bep15.announce(id, 5, H, peerId(1), 0, 2, -1, 1), 60);
        Bep15.Answer cut = exchange(truncated, v4(1));
        assertEquals(UdpRefusal.TRUNCATED.text(), cut.error());
    }

    @Test
    void sourcesWithoutAValidIdGetABoundedNumberOfAnswersPerMinute() {
        tracker = tracker(new SourceLimiter(5, TimeUnit.MINUTES.toNanos(1), 1000));
        for (int i = 0; i < 5; i++) {
            connect(v4(1));
        }
        assertEquals(null, exchange(Bep15.connect(1), v4(1)));
        assertEquals(null, exchange(Bep15.announce(1, 1, H, peerId(1), 0, 2, -1, 1), new InetSocketAddress("10.0.0.1", 9)),
                "per address, whatever the port");
        assertEquals(2, CountingUdpMetrics.count(metrics.drops, UdpDrop.RATE_LIMITED));
        connect(v4(2));
    }

    @Test
    void aBannedAddressGetsNoConnectionId() {
        swarms.bans.add(new BanList.Ban("b1", "", "10.0.0.1", NOW, Long.MAX_VALUE));
        Bep15.Answer answer = exchange(Bep15.connect(4), v4(1));
        assertEquals(16, answer.length());
        assertTrue(FailureReason.ADDRESS_BANNED.text().startsWith(answer.error()));
        assertEquals(1, CountingUdpMetrics.count(metrics.failures, FailureReason.ADDRESS_BANNED));
        connect(v4(2));
    }

    @Test
    void announcesBeyondThePendingBoundAreDropped() {
        long id = connect(v4(1));
        pending.drainPermits();
        assertEquals(null, exchange(Bep15.announce(id, 5, H, peerId(1), 0, 2, -1, 1), v4(1)));
        assertEquals(null, exchange(Bep15.scrape(id, 5, H), v4(1)));
        assertEquals(2, CountingUdpMetrics.count(metrics.drops, UdpDrop.OVERLOADED));
        pending.release(100);
        assertEquals(1, exchange(Bep15.announce(id, 5, H, peerId(1), 0, 2, -1, 1), v4(1)).action());
        assertEquals(100, pending.availablePermits(), "each completion gives its permit back");
    }
}
