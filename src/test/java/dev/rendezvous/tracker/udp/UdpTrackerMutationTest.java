package dev.rendezvous.tracker.udp;

import dev.rendezvous.auth.SourceLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 corrupted packets (bit flips, truncations, extensions of valid connect, announce and scrape packets, and
 * random garbage) sent to a running UDP tracker over a real socket on 127.0.0.1: every answer must be no larger than
 * its request allows, the loop must log no failure, every pending request must finish, and a valid exchange must
 * still work afterwards.
 */
class UdpTrackerMutationTest {
    private static final int PACKETS = 100_000;
    private static final int MAX_PENDING = 10_000;
    private static final long SEED = Long.getLong("mutation.seed", 24L);

    /** Every mutated announce comes from 127.0.0.1: lift the per-address bound so that they all join. */
    private final Swarms swarms = new Swarms(Map.of("rendezvous.tracker.max-peers-per-address", "10000000"));
    private final CountingUdpMetrics metrics = new CountingUdpMetrics();
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final List<LogRecord> problems = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger("dev.rendezvous.tracker.udp");
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private UdpTrackerListener listener;
    private Thread loop;
    private DatagramChannel client;

    @BeforeEach
    void start() throws IOException {
        log.addHandler(recorder);
        UdpTracker tracker = new UdpTracker(swarms.tracker, new ConnectionIds("mutation test secret".getBytes(StandardCharsets.UTF_8)),
                new SourceLimiter(10_000_000, TimeUnit.MINUTES.toNanos(1), 100_000), pending, metrics, System::currentTimeMillis);
        listener = new UdpTrackerListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tracker);
        loop = new Thread(listener, "udp-tracker-under-test");
        loop.start();
        client = DatagramChannel.open();
        client.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024 * 1024);
        client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws Exception {
        listener.stop();
        loop.join(5000);
        client.close();
        log.removeHandler(recorder);
    }

    @Test
    void corruptedPacketsGetNoLargerAnswersAndTheServerKeepsAnswering() throws Exception {
        long connectionId = connect();
        Random random = new Random(SEED);
        Map<Integer, Integer> longestRequest = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicLong answers = new AtomicLong();
        AtomicLong answerBytes = new AtomicLong();
        Thread reader = new Thread(() -> readAnswers(longestRequest, violations, answers, answerBytes));
        reader.start();
        long sentBytes = 0;
        long started = System.nanoTime();
        for (int i = 0; i < PACKETS; i++) {
            byte[] packet = mutate(base(random, connectionId, i), random);
            if (packet.length >= 16) {
                longestRequest.merge(ByteBuffer.wrap(packet).getInt(12), packet.length, Math::max);
            }
            sentBytes += packet.length;
            client.send(ByteBuffer.wrap(packet), listener.address());
            if (i % 200 == 199) {
                Thread.sleep(1); // a pace the loop keeps up with on a loaded machine; drops would only hide answers
            }
        }
        long sendMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.availablePermits() < MAX_PENDING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(MAX_PENDING, pending.availablePermits(), "every announce and scrape completed and gave its permit back");

        Thread.sleep(500); // the last answers' way back
        client.close(); // ends the reader
        reader.join(5000);

        // The server still answers a valid exchange, and its loop logged no failure.
        client = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        long id = connect();
        String hash = "after-the-mutations!";
        Bep15.Answer announce = exchange(Bep15.announce(id, 99, hash, "-TEST01-after0000001", 0, 2, -1, 7000));
        assertEquals(1, announce.seeders());
        assertEquals(1, exchange(Bep15.scrape(id, 98, hash)).scraped(0)[0]);
        assertTrue(listener.open());
        assertTrue(loop.isAlive());
        assertEquals(List.of(), problems.stream().map(r -> r.getLevel() + " " + r.getMessage() + " " + r.getThrown()).toList());
        assertEquals(List.of(), violations.subList(0, Math.min(10, violations.size())));
        long received = metrics.requests.values().stream().mapToLong(java.util.concurrent.atomic.LongAdder::sum).sum()
                + CountingUdpMetrics.count(metrics.drops, UdpDrop.TOO_SHORT); // oversized ones count as requests too
        System.out.printf("mutation test (seed %d): %,d packets (%,d bytes) sent in %,d ms, %,d reached the tracker, %,d answers (%,d bytes);"
                        + " requests %s, refusals %s, drops %s%n", SEED, PACKETS, sentBytes, sendMillis, received, answers.get(),
                answerBytes.get(), metrics.requests, metrics.refusals, metrics.drops);
        assertTrue(received > PACKETS / 2, "most packets reached the tracker: " + received);
        assertTrue(CountingUdpMetrics.count(metrics.requests, UdpAction.ANNOUNCE) > 1000, "mutated announces were answered too");
    }

    /** A valid request to corrupt: a connect, an announce (with or without BEP 41 options) or a scrape. */
    private static byte[] base(Random random, long connectionId, int i) {
        String hash = String.format("mutation-hash-%06d", random.nextInt(1000));
        String peer = String.format("-MU0001-%012d", random.nextInt(100_000));
        return switch (random.nextInt(4)) {
            case 0 -> Bep15.connect(i);
            case 1 -> Bep15.announce(connectionId, i, hash, peer, random.nextInt(3) * 1000L, random.nextInt(4),
                    random.nextInt(3) - 1 + (random.nextBoolean() ? 0 : 1000), 1 + random.nextInt(65535));
            case 2 -> Bep15.withUrlData(Bep15.announce(connectionId, i, hash, peer, 0, 2, -1, 6881), "/announce?x=" + i);
            default -> {
                String[] hashes = new String[1 + random.nextInt(74)];
                Arrays.fill(hashes, hash);
                yield Bep15.scrape(connectionId, i, hashes);
            }
        };
    }

    private static byte[] mutate(byte[] packet, Random random) {
        switch (random.nextInt(6)) {
            case 0 -> { // bit flips
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    int bit = random.nextInt(packet.length * 8);
                    packet[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return packet;
            }
            case 1 -> { // truncation
                return Arrays.copyOf(packet, random.nextInt(packet.length));
            }
            case 2 -> { // extension, past the largest request at times
                byte[] longer = Arrays.copyOf(packet, packet.length + 1 + random.nextInt(1600));
                for (int i = packet.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt();
                }
                return longer;
            }
            case 3 -> { // random garbage
                byte[] garbage = new byte[random.nextInt(2000)];
                random.nextBytes(garbage);
                return garbage;
            }
            case 4 -> { // any action
                if (packet.length >= 12) {
                    ByteBuffer.wrap(packet).putInt(8, random.nextInt(8) - 2);
                }
                return packet;
            }
            default -> {
                return packet; // valid requests among the rest
            }
        }
    }

    private void readAnswers(Map<Integer, Integer> longestRequest, List<String> violations, AtomicLong answers,
                             AtomicLong answerBytes) {
        ByteBuffer in = ByteBuffer.allocate(65_536);
        while (true) {
            in.clear();
            try {
                client.receive(in);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                violations.add("receive failed: " + e);
                return;
            }
            in.flip();
            int length = in.remaining();
            answers.incrementAndGet();
            answerBytes.addAndGet(length);
            if (length < 8) {
                violations.add(length + "-byte answer");
                continue;
            }
            int action = in.getInt(0);
            int transactionId = in.getInt(4);
            Integer request = longestRequest.get(transactionId);
            if (request == null) {
                violations.add("an answer to transaction " + transactionId + ", never sent");
                continue;
            }
            boolean fits = switch (action) {
                case 0 -> length == 16;
                case 1 -> request >= 98 && length <= 20 + 200 * 6 && (length - 20) % 6 == 0;
                case 2 -> length <= request && (length - 8) % 12 == 0;
                case 3 -> length <= request;
                default -> false;
            };
            if (!fits) {
                violations.add("action " + action + ": " + length + " bytes to a request of at most " + request);
            }
        }
    }

    private long connect() throws IOException {
        Bep15.Answer answer = exchange(Bep15.connect(0x5EED));
        assertEquals(0, answer.action());
        return answer.connectionId();
    }

    /** Sends {@code packet} and waits for the answer to its transaction (others, late ones, are skipped). */
    private Bep15.Answer exchange(byte[] packet) throws IOException {
        int transactionId = ByteBuffer.wrap(packet).getInt(12);
        client.configureBlocking(true);
        client.socket().setSoTimeout(5000);
        client.send(ByteBuffer.wrap(packet), listener.address());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            byte[] buffer = new byte[65_536];
            java.net.DatagramPacket datagram = new java.net.DatagramPacket(buffer, buffer.length);
            client.socket().receive(datagram);
            Bep15.Answer answer = Bep15.Answer.of(ByteBuffer.wrap(buffer, 0, datagram.getLength()));
            if (answer.transactionId() == transactionId) {
                return answer;
            }
        }
        throw new AssertionError("no answer to transaction " + transactionId);
    }
}
