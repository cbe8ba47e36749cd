package dev.rendezvous.bench;

import dev.rendezvous.auth.LongTermKey;
import dev.rendezvous.auth.RestCredentials;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import dev.rendezvous.stun.StunWriter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The TURN load generator: N real UDP allocations on any TURN server (Rendezvous or coturn), with ephemeral REST
 * credentials, in pairs: each allocation binds a channel to its partner's relayed address and sends ChannelData to
 * it at a fixed rate, so every message crosses the server twice (into the sender's relay socket, out of the
 * partner's) as in a relayed call where both ends use TURN, and as turnutils_uclient's {@code -y} does. Sends are
 * spread evenly: allocation {@code i} sends at {@code start + (i + k * N) / (N * rate)}, not in bursts. Payloads are
 * 100 to 1,200 bytes (uniform, a fixed seed, so every server gets the same sequence); each carries its send time
 * ({@link System#nanoTime()}, the same host clock as the receiver's), so the one-way latency through the relay is
 * measured per packet.
 *
 * <pre>java -cp target/test-classes:target/classes dev.rendezvous.bench.TurnLoad --server 127.0.0.1:3478 \
 *     --secret S --allocations 500 --rate 50 --warmup 5 --duration 20 --pid 1234 --label audio</pre>
 *
 * The server's CPU is read from {@code /proc/PID/stat} (utime + stime) at the start and the end of the measured
 * window only, so the allocation set-up and the warm-up are not in it. Prints one JSON object: messages sent and
 * received in the window, loss, the server's CPU per received message and share of its core, the latency p50, p99,
 * p99.9 and max (of messages sent in the window), and how late the sender was against its schedule (p99), so that
 * a generator that cannot keep up shows.
 *
 * <p>{@code --series FILE} also writes the window's latency over time (per 10 ms of send time: messages, those later
 * than 2 ms, the largest latency), to tell a spread-out tail from episodes. {@code --generator one-thread} sends and
 * receives on one thread that never sleeps, instead of a sleeping sender beside a receiver that may keep it from its
 * schedule on a shared core (see turn-tails.sh).
 */
public final class TurnLoad {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final int CHANNEL = 0x4000;
    private static final int HEADER = 4;
    /** Send time (8 bytes) and the message's sequence number (8 bytes), after the ChannelData header. */
    private static final int STAMP = 16;

    private final InetSocketAddress server;
    private final String secret;
    private final int count;
    private final double rate;
    private final int minSize;
    private final int maxSize;
    /** "two-threads" (a sleeping sender beside a receiver) or "one-thread" (one loop that never sleeps). */
    private final String generator;
    private final DatagramChannel[] channels;
    private final InetSocketAddress[] relayed;
    private final Session[] sessions;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean receiving = true;
    // Written by the receiving thread only: the receiver, or in one-thread mode the sender until it is done and then
    // the receiver (started after it).
    private final int[] latencyMicros = new int[2_000_001]; // 1 µs buckets up to 2 s; the last one is "more"
    private long maxLatencyNanos;
    /** The window's latency over time, when {@code --series} asks for it; else null. */
    private LatencySeries series;
    private long receivedInWindow;      // by receive time: what the server's CPU in the window carried
    private long receivedOfWindow;      // by send time: what the loss and latency are of
    private long refreshed;
    private long others;
    // Written by the sender thread only.
    private long sentInWindow;
    private long sendFailures;
    private final int[] lagMicros = new int[100_001];

    /** One allocation's credentials, as the challenge left them. */
    private record Session(String username, String realm, String nonce, byte[] key) {
    }

    private TurnLoad(Map<String, String> options) throws IOException {
        String[] hostPort = options.getOrDefault("server", "127.0.0.1:3478").split(":");
        server = new InetSocketAddress(InetAddress.getByName(hostPort[0]), Integer.parseInt(hostPort[1]));
        secret = options.getOrDefault("secret", "bench-secret");
        count = Integer.parseInt(options.getOrDefault("allocations", "20")) & ~1; // pairs
        rate = Double.parseDouble(options.getOrDefault("rate", "200"));
        String[] sizes = options.getOrDefault("sizes", "100-1200").split("-");
        minSize = Integer.parseInt(sizes[0]);
        maxSize = Integer.parseInt(sizes[sizes.length - 1]);
        if (minSize < STAMP || maxSize > 1400 || maxSize < minSize) {
            throw new IllegalArgumentException("sizes must be within " + STAMP + "-1400");
        }
        generator = options.getOrDefault("generator", "two-threads");
        if (!generator.equals("two-threads") && !generator.equals("one-thread")) {
            throw new IllegalArgumentException("--generator is two-threads or one-thread, not " + generator);
        }
        channels = new DatagramChannel[count];
        relayed = new InetSocketAddress[count];
        sessions = new Session[count];
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        System.out.println(new TurnLoad(options).run(options));
    }

    private String run(Map<String, String> options) throws Exception {
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "5"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "20"));
        long pid = Long.parseLong(options.getOrDefault("pid", "0"));
        long setupStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            allocate(i);
        }
        for (int i = 0; i < count; i++) {
            bindChannel(i, relayed[i ^ 1]);
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        Selector selector = Selector.open();
        for (int i = 0; i < count; i++) {
            channels[i].configureBlocking(false);
            channels[i].register(selector, SelectionKey.OP_READ);
        }
        // Two threads (the default): a sender that sleeps until each message is due, and a receiver. One thread: a loop
        // that sends what is due and reads what came in between, without sleeping (it holds the generator's core), so
        // that the receiver can never keep the sender from its schedule; the receiver thread starts after the sending.
        boolean oneThread = generator.equals("one-thread");
        Thread receiver = new Thread(() -> receive(selector), "turn-load-receiver");
        if (!oneThread) {
            receiver.start();
        }

        long start = System.nanoTime() + 50_000_000L;
        windowStart = start + (long) (warmup * 1e9);
        windowEnd = windowStart + (long) (duration * 1e9);
        String seriesFile = options.get("series");
        if (seriesFile != null) {
            series = new LatencySeries(windowStart, windowEnd - windowStart);
        }
        long sendUntil = windowEnd;
        long[] cpu = new long[2];
        Thread cpuReader = new Thread(() -> {
            try {
                LockSupport.parkNanos(Math.max(0, windowStart - System.nanoTime()));
                cpu[0] = cpuTicks(pid);
                LockSupport.parkNanos(Math.max(0, windowEnd - System.nanoTime()));
                cpu[1] = cpuTicks(pid);
            } catch (IOException e) {
                cpu[0] = cpu[1] = -1;
            }
        }, "turn-load-cpu");
        cpuReader.start();
        send(start, sendUntil, oneThread ? selector : null);
        if (oneThread) {
            receiver.start();
        }
        cpuReader.join();
        LockSupport.parkNanos(1_000_000_000L); // the last messages' way back
        for (int i = 0; i < count; i++) {
            deallocate(i);
        }
        LockSupport.parkNanos(500_000_000L);
        receiving = false;
        selector.wakeup();
        receiver.join();
        for (DatagramChannel channel : channels) {
            channel.close();
        }
        if (series != null) {
            series.writeTo(Path.of(seriesFile));
        }
        long ticks = cpu[1] - cpu[0];
        double loss = sentInWindow > 0 ? 100.0 * (sentInWindow - receivedOfWindow) / sentInWindow : 100;
        return String.format(Locale.ROOT, "{\"label\":\"%s\",\"address\":\"%s\",\"allocations\":%d,\"ratePerAllocation\":%.0f,"
                        + "\"offeredPerSecond\":%.0f,\"sizes\":\"%d-%d\",\"setupSeconds\":%.1f,\"windowSeconds\":%.1f,"
                        + "\"sent\":%d,\"received\":%d,\"lossPercent\":%.3f,\"sendFailures\":%d,\"serverTicks\":%d,"
                        + "\"cpuMicrosPerMessage\":%.2f,\"serverCpuPercent\":%.1f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,"
                        + "\"p999Ms\":%.3f,\"maxMs\":%.3f,\"sendLagP99Ms\":%.3f,\"generator\":\"%s\",\"deleted\":%d,\"unexpected\":%d}",
                options.getOrDefault("label", ""), server.getAddress().getHostAddress() + ":" + server.getPort(), count, rate,
                count * rate, minSize, maxSize, setupSeconds, duration, sentInWindow, receivedOfWindow, loss, sendFailures,
                ticks, receivedInWindow > 0 ? ticks * (1e6 / TICKS_PER_SECOND) / receivedInWindow : -1,
                ticks * 100.0 / TICKS_PER_SECOND / duration,
                percentile(latencyMicros, receivedOfWindow, 50) / 1e3, percentile(latencyMicros, receivedOfWindow, 99) / 1e3,
                percentile(latencyMicros, receivedOfWindow, 99.9) / 1e3, maxLatencyNanos / 1e6,
                percentile(lagMicros, sentInWindow, 99) / 1e3, generator, refreshed, others);
    }

    /** The sender: message {@code k} goes from allocation {@code k % N} at {@code start + k / (N * rate)}. */
    private void send(long start, long until, Selector replies) throws IOException {
        Consumer<SelectionKey> reader = replies == null ? null : replyReader();
        Random random = new Random(25);
        int[] sizes = new int[8192];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = minSize + random.nextInt(maxSize - minSize + 1);
        }
        ByteBuffer out = ByteBuffer.allocateDirect(HEADER + maxSize);
        double interval = 1e9 / (count * rate);
        for (long k = 0; ; k++) {
            long due = start + (long) (k * interval);
            if (due >= until) {
                return;
            }
            long now = System.nanoTime();
            if (replies != null) {
                while (now < due) {
                    replies.selectNow(reader);
                    now = System.nanoTime();
                }
            } else if (due - now > 20_000) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            int size = sizes[(int) (k % sizes.length)];
            out.clear();
            out.putShort((short) CHANNEL).putShort((short) size).putLong(now).putLong(k);
            out.position(HEADER + size).flip();
            try {
                if (channels[(int) (k % count)].write(out) == 0) {
                    sendFailures++;
                }
            } catch (IOException e) {
                sendFailures++;
            }
            if (due >= windowStart && due < windowEnd) {
                sentInWindow++;
                lagMicros[(int) Math.min(lagMicros.length - 1, Math.max(0, now - due) / 1000)]++;
            }
        }
    }

    private void receive(Selector selector) {
        Consumer<SelectionKey> reader = replyReader();
        try {
            while (receiving) {
                selector.select(reader, 100);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads up to 64 datagrams from a ready socket: a relayed message (its latency), else a STUN answer. */
    private Consumer<SelectionKey> replyReader() {
        ByteBuffer in = ByteBuffer.allocateDirect(65_536);
        StunReader reader = new StunReader();
        byte[] stun = new byte[2048];
        return key -> {
            DatagramChannel channel = (DatagramChannel) key.channel();
            try {
                for (int packets = 0; packets < 64; packets++) {
                    in.clear();
                    if (channel.read(in) <= 0) {
                        return;
                    }
                    long now = System.nanoTime();
                    if ((in.get(0) & 0xC0) == 0x40 && in.position() >= HEADER + STAMP) {
                        arrived(in.getLong(HEADER), now);
                    } else {
                        int length = Math.min(in.position(), stun.length);
                        in.flip().get(stun, 0, length);
                        if (reader.read(stun, 0, length) == StunReader.Result.OK && reader.method() == MessageType.REFRESH
                                && reader.messageClass() == MessageType.SUCCESS) {
                            refreshed++;
                        } else {
                            others++;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                others++;
                if (others < 5) {
                    e.printStackTrace();
                }
            }
        };
    }

    private void arrived(long sentNanos, long now) {
        if (now >= windowStart && now < windowEnd) {
            receivedInWindow++;
        }
        if (sentNanos >= windowStart && sentNanos < windowEnd) {
            receivedOfWindow++;
            long latency = now - sentNanos;
            if (latency < 0) {
                others++; // not a stamp of ours
                return;
            }
            maxLatencyNanos = Math.max(maxLatencyNanos, latency);
            latencyMicros[(int) Math.min(latencyMicros.length - 1, latency / 1000)]++;
            if (series != null) {
                series.record(sentNanos, latency);
            }
        }
    }

    /** The value (µs) below which {@code p} % of the {@code total} samples lie. */
    private static long percentile(int[] histogram, long total, double p) {
        long rank = (long) Math.ceil(p / 100 * total);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank && rank > 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An allocation from a new socket. A 437 means the server still holds an allocation for this source port: one of an
     * earlier run whose deletion it never received (an overloaded server drops Refreshes too, and keeps such an
     * allocation for its lifetime); the next socket gets another port.
     */
    private void allocate(int i) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                allocateOnce(i);
                return;
            } catch (Mismatch e) {
                channels[i].close();
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }

    private static final class Mismatch extends IOException {
        Mismatch(String message) {
            super(message);
        }
    }

    private void allocateOnce(int i) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(server.getAddress(), 0)).connect(server);
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.socket().setSoTimeout(10_000); // loopback loses nothing, but a loaded server may answer late: a retried Allocate would get 437
        channels[i] = channel;
        StunWriter writer = new StunWriter(1024);
        StunReader challenge = exchange(i, writer.begin(MessageType.of(MessageType.ALLOCATE, MessageType.REQUEST), txid(), 0)
                .u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24), MessageType.ALLOCATE);
        String username = RestCredentials.username(System.currentTimeMillis() / 1000 + 3600, "load" + i);
        String password = RestCredentials.password(secret.getBytes(StandardCharsets.UTF_8), username);
        String realm = challenge.string(AttributeType.REALM);
        String nonce = challenge.string(AttributeType.NONCE);
        byte[] key = LongTermKey.derive(username, realm, password).orElseThrow();
        sessions[i] = new Session(username, realm, nonce, key);
        StunReader granted = exchange(i, signed(i, writer.begin(MessageType.of(MessageType.ALLOCATE, MessageType.REQUEST), txid(), 0)
                .u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24)), MessageType.ALLOCATE);
        if (granted.messageClass() != MessageType.SUCCESS) {
            int code = errorCode(granted);
            throw code == 437 ? new Mismatch("Allocate " + i + " refused: 437") : new IOException("Allocate " + i + " refused: " + code);
        }
        relayed[i] = granted.xorAddress(AttributeType.XOR_RELAYED_ADDRESS);
    }

    private void bindChannel(int i, InetSocketAddress peer) throws IOException {
        StunWriter writer = new StunWriter(1024);
        StunReader bound = exchange(i, signed(i, writer.begin(MessageType.of(MessageType.CHANNEL_BIND, MessageType.REQUEST), txid(), 0)
                .u32(AttributeType.CHANNEL_NUMBER, (long) CHANNEL << 16).xorAddress(AttributeType.XOR_PEER_ADDRESS, peer)),
                MessageType.CHANNEL_BIND);
        if (bound.messageClass() != MessageType.SUCCESS) {
            throw new IOException("ChannelBind " + i + " refused: " + errorCode(bound));
        }
    }

    /** Refresh with LIFETIME 0, without waiting: the receiver counts the answers. */
    private void deallocate(int i) throws IOException {
        StunWriter writer = new StunWriter(1024);
        signed(i, writer.begin(MessageType.of(MessageType.REFRESH, MessageType.REQUEST), txid(), 0).u32(AttributeType.LIFETIME, 0));
        channels[i].write(ByteBuffer.wrap(writer.buffer(), 0, writer.length()));
    }

    private StunWriter signed(int i, StunWriter writer) {
        Session session = sessions[i];
        return writer.string(AttributeType.USERNAME, session.username()).string(AttributeType.REALM, session.realm())
                .string(AttributeType.NONCE, session.nonce()).messageIntegrity(session.key()).fingerprint();
    }

    /** Sends the request {@code writer} holds and returns the answer with its transaction id (three tries). */
    private StunReader exchange(int i, StunWriter writer, int method) throws IOException {
        byte[] request = Arrays.copyOf(writer.buffer(), writer.length());
        byte[] reply = new byte[2048];
        for (int attempt = 0; attempt < 3; attempt++) {
            channels[i].write(ByteBuffer.wrap(request));
            try {
                while (true) {
                    java.net.DatagramPacket packet = new java.net.DatagramPacket(reply, reply.length);
                    channels[i].socket().receive(packet);
                    StunReader reader = new StunReader();
                    if (reader.read(reply, 0, packet.getLength()) == StunReader.Result.OK && reader.method() == method
                            && Arrays.equals(reader.transactionId(), Arrays.copyOfRange(request, 8, 20))) {
                        return reader;
                    }
                }
            } catch (SocketTimeoutException retry) {
                // UDP: ask again
            }
        }
        throw new IOException("no answer from " + server + " to allocation " + i);
    }

    private static int errorCode(StunReader reader) {
        int index = reader.find(AttributeType.ERROR_CODE);
        if (index < 0) {
            return 0;
        }
        byte[] b = reader.buffer();
        return (b[reader.valueOffset(index) + 2] & 0x7) * 100 + (b[reader.valueOffset(index) + 3] & 0xFF);
    }

    private static byte[] txid() {
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        return id;
    }

    private static long cpuTicks(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
    }
}
