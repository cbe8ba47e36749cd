package dev.rendezvous.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A BEP 15 (UDP tracker) load generator: {@code --sockets} source sockets on 127.0.0.1, each connected (in the
 * socket sense) to the tracker and holding its own connection id, announce the peers of {@link SimulatedSwarms} in
 * turn (each peer's first announce of a run is {@code started}, the later ones plain refreshes), numwant 50.
 * Closed loop ({@code --inflight} announces in flight per socket, each answer sends the next) or open loop
 * ({@code --rate} announces/s in all). An announce unanswered after {@code --timeout-ms} counts as lost and is sent
 * again. Reports announces answered per second over {@code --duration} seconds after {@code --warmup}, round-trip
 * percentiles, the peers per answer, and the tracker's CPU ({@code --pid}, /proc/PID/stat) per announce.
 * {@code --mode populate} announces every peer once and stops (for memory per peer); {@code --mode whitelist}
 * prints the swarms' info hashes in hex (opentracker's whitelist).
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.UdpAnnounceLoad --target 127.0.0.1:6969 --sockets 32 \
 *     --inflight 4 --swarms 1000 --peers 100000 --warmup 5 --duration 15 --pid 1234</pre>
 *
 * Prints one JSON object.
 */
public final class UdpAnnounceLoad {
    private static final long PROTOCOL_ID = 0x41727101980L;
    private static final int CONNECT = 0;
    private static final int ANNOUNCE = 1;
    private static final int ERROR = 3;
    private static final int EVENT_NONE = 0;
    private static final int EVENT_STARTED = 2;
    private static final int CONNECT_TXID_FLAG = 0x4000_0000;
    private static final long RECONNECT_NANOS = 50_000_000_000L; // BEP 15: an id is good for at least a minute

    private final SimulatedSwarms swarms;
    private final int inflight;
    private final double rate;
    private final int numwant;
    private final long timeoutNanos;
    private final BitSet started;
    private final TrackerLoad.Latencies latencies = new TrackerLoad.Latencies();
    private final ByteBuffer receive = ByteBuffer.allocateDirect(65_536);
    private final ByteBuffer request = ByteBuffer.allocateDirect(98);
    private final byte[] peerId = new byte[20];
    private Source[] sources;
    private long cursor;
    private boolean measuring;
    private long answered;
    private long peersReturned;
    private long lost;
    private long errors;
    private long sendFailures;
    private long backlogged;
    private String firstError;
    private boolean populating;
    private long refused;

    /** One source socket: its connection id and its in-flight slots (send time, or 0 when free). */
    private static final class Source {
        final DatagramChannel channel;
        final long[] sentAt;
        final int[] generation;
        final int[] peerOf;
        long connectionId = -1;
        long connectedAt;
        long connectSentAt;
        int connectTxid;

        Source(DatagramChannel channel, int inflight) {
            this.channel = channel;
            this.sentAt = new long[inflight];
            this.generation = new int[inflight];
            this.peerOf = new int[inflight];
        }
    }

    private UdpAnnounceLoad(Map<String, String> options) {
        this.swarms = SimulatedSwarms.of(options);
        this.inflight = Integer.parseInt(options.getOrDefault("inflight", "4"));
        this.rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        this.numwant = Integer.parseInt(options.getOrDefault("numwant", "50"));
        this.timeoutNanos = Long.parseLong(options.getOrDefault("timeout-ms", "2000")) * 1_000_000;
        this.started = new BitSet(swarms.peers());
        if (inflight < 1 || inflight > 1 << 14) {
            throw new IllegalArgumentException("--inflight: 1 to 16384");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = TrackerLoad.options(args);
        if ("whitelist".equals(options.get("mode"))) {
            System.out.print(SimulatedSwarms.of(options).whitelist());
        } else {
            System.out.println(run(options));
        }
    }

    /** One run ({@code --mode load} or {@code populate}): its JSON. */
    static String run(Map<String, String> options) throws IOException {
        UdpAnnounceLoad load = new UdpAnnounceLoad(options);
        return switch (options.getOrDefault("mode", "load")) {
            case "populate" -> load.populate(options);
            case "load" -> load.load(options);
            default -> throw new IllegalArgumentException("--mode load, populate or whitelist");
        };
    }

    private Selector open(Map<String, String> options) throws IOException {
        String[] target = options.getOrDefault("target", "127.0.0.1:6969").split(":");
        InetSocketAddress tracker = new InetSocketAddress(target[0], Integer.parseInt(target[1]));
        Selector selector = Selector.open();
        sources = new Source[Integer.parseInt(options.getOrDefault("sockets", "32"))];
        for (int i = 0; i < sources.length; i++) {
            DatagramChannel channel = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.connect(tracker);
            channel.configureBlocking(false);
            sources[i] = new Source(channel, inflight);
            channel.register(selector, SelectionKey.OP_READ, sources[i]);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!allConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the tracker at " + tracker + " answered no connect within 10 s");
            }
            for (Source source : sources) {
                if (source.connectionId == -1 && System.nanoTime() - source.connectSentAt > 200_000_000L) {
                    sendConnect(source);
                }
            }
            poll(selector, 10);
        }
        return selector;
    }

    private boolean allConnected() {
        for (Source source : sources) {
            if (source.connectionId == -1) {
                return false;
            }
        }
        return true;
    }

    private String populate(Map<String, String> options) throws IOException {
        Selector selector = open(options);
        long begin = System.nanoTime();
        long total = swarms.peers();
        for (Source source : sources) {
            for (int slot = 0; slot < inflight && cursor < total; slot++) {
                send(source, slot, nextPeer());
            }
        }
        measuring = true;
        populating = true;
        while (answered + refused < total) {
            poll(selector, 1);
            poll(selector, 0);
            sweep(System.nanoTime());
            if (System.nanoTime() - begin > 300_000_000_000L) {
                break;
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        close(selector);
        return String.format(Locale.ROOT,
                "{\"mode\":\"populate\",\"protocol\":\"udp\",\"swarms\":%d,\"peers\":%d,\"answered\":%d,\"lost\":%d,"
                        + "\"errors\":%d,\"firstError\":%s,\"seconds\":%.1f}",
                swarms.swarms(), total, answered, lost, errors, json(firstError), seconds);
    }

    private String load(Map<String, String> options) throws IOException {
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "5"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "15"));
        long[] pid = {Long.parseLong(options.getOrDefault("pid", "0"))};
        Selector selector = open(options);
        if (rate <= 0) {
            for (Source source : sources) {
                for (int slot = 0; slot < inflight; slot++) {
                    send(source, slot, nextPeer());
                }
            }
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        long cpuAtStart = 0;
        long ownCpuAtStart = 0;
        long sentByRate = 0;
        int next = 0;
        long lastSweep = start;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                measuring = true;
                cpuAtStart = TrackerLoad.cpuTicks(pid);
                ownCpuAtStart = TrackerLoad.cpuTicks(ProcessHandle.current().pid());
            }
            if (now >= end) {
                break;
            }
            if (rate > 0) {
                long due = (long) ((now - start) / 1e9 * rate) - sentByRate;
                for (long i = 0; i < due; i++) {
                    if (!sendOnFreeSlot(next)) {
                        backlogged++;
                    }
                    next = (next + 1) % sources.length;
                    sentByRate++;
                }
            }
            poll(selector, rate > 0 ? 0 : 1);
            if (now - lastSweep > 50_000_000L) {
                poll(selector, 0); // answers already here are not lost, however long this process was off its core
                sweep(System.nanoTime());
                lastSweep = now;
            }
        }
        double seconds = (System.nanoTime() - measureFrom) / 1e9;
        long serverTicks = TrackerLoad.cpuTicks(pid) - cpuAtStart;
        long ownTicks = TrackerLoad.cpuTicks(ProcessHandle.current().pid()) - ownCpuAtStart;
        long rss = TrackerLoad.rssKb(pid);
        close(selector);
        double serverCpuSeconds = serverTicks / 100.0;
        return String.format(Locale.ROOT,
                "{\"protocol\":\"udp\",\"sockets\":%d,\"inflight\":%d,\"rate\":%.0f,\"swarms\":%d,\"peers\":%d,"
                        + "\"numwant\":%d,\"seconds\":%.2f,\"announces\":%d,\"announcesPerSecond\":%.0f,"
                        + "\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"peersPerAnswer\":%.1f,"
                        + "\"lost\":%d,\"errors\":%d,\"firstError\":%s,\"sendFailures\":%d,\"backlogged\":%d,"
                        + "\"serverCpuPercent\":%.1f,\"serverCpuMicrosPerAnnounce\":%.2f,\"announcesPerCoreSecond\":%.0f,"
                        + "\"generatorCpuPercent\":%.1f,\"serverRssKb\":%d}",
                sources.length, inflight, rate, swarms.swarms(), swarms.peers(), numwant, seconds, answered,
                answered / seconds, latencies.percentileMillis(50), latencies.percentileMillis(90),
                latencies.percentileMillis(99), latencies.percentileMillis(99.9),
                answered == 0 ? 0.0 : peersReturned / (double) answered, lost, errors, json(firstError),
                sendFailures, backlogged, serverCpuSeconds * 100 / seconds,
                answered == 0 ? -1.0 : serverCpuSeconds * 1e6 / answered,
                serverCpuSeconds == 0 ? -1.0 : answered / serverCpuSeconds, ownTicks / seconds, rss);
    }

    private boolean sendOnFreeSlot(int index) throws IOException {
        Source source = sources[index];
        for (int slot = 0; slot < inflight; slot++) {
            if (source.sentAt[slot] == 0) {
                send(source, slot, nextPeer());
                return true;
            }
        }
        return false;
    }

    private void poll(Selector selector, long timeoutMillis) throws IOException {
        if (timeoutMillis > 0) {
            selector.select(timeoutMillis);
        } else {
            selector.selectNow();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Source source = (Source) key.attachment();
            while (true) {
                receive.clear();
                int length;
                try {
                    length = source.channel.read(receive);
                } catch (java.net.PortUnreachableException closed) {
                    recordError("ICMP port unreachable: no tracker at the target");
                    break;
                }
                if (length <= 0) {
                    break;
                }
                onDatagram(source, length);
            }
        }
    }

    private void onDatagram(Source source, int length) throws IOException {
        if (length < 8) {
            recordError("a datagram of " + length + " bytes");
            return;
        }
        int action = receive.getInt(0);
        int txid = receive.getInt(4);
        if (action == CONNECT && length >= 16 && txid == source.connectTxid) {
            source.connectionId = receive.getLong(8);
            source.connectedAt = System.nanoTime();
            source.connectTxid = 0;
            return;
        }
        if ((txid & CONNECT_TXID_FLAG) != 0) {
            return; // a late answer to a connect already answered
        }
        int slot = txid & 0x3FFF;
        int generation = txid >>> 14;
        if (slot >= inflight || source.generation[slot] != generation || source.sentAt[slot] == 0) {
            return; // an answer after its timeout: that announce was already counted lost and sent again
        }
        long now = System.nanoTime();
        if (action == ANNOUNCE && length >= 20) {
            if (measuring) {
                answered++;
                peersReturned += (length - 20) / 6;
                latencies.add(now - source.sentAt[slot]);
            }
        } else if (action == ERROR) {
            byte[] message = new byte[length - 8];
            receive.get(8, message);
            recordError(new String(message, StandardCharsets.UTF_8));
            refused++;
        } else {
            recordError("action " + action + " in a " + length + "-byte answer to an announce");
        }
        source.sentAt[slot] = 0;
        if (rate <= 0 && !(populating && cursor >= swarms.peers())) {
            send(source, slot, nextPeer());
        }
        if (now - source.connectedAt > RECONNECT_NANOS && source.connectTxid == 0) {
            sendConnect(source);
        }
    }

    /** Announces unanswered for too long are lost: counted, and (closed loop, or populating) sent again. */
    private void sweep(long now) throws IOException {
        for (Source source : sources) {
            for (int slot = 0; slot < inflight; slot++) {
                if (source.sentAt[slot] != 0 && now - source.sentAt[slot] > timeoutNanos) {
                    if (measuring) {
                        lost++;
                    }
                    source.sentAt[slot] = 0;
                    if (rate <= 0) {
                        send(source, slot, source.peerOf[slot]); // the same announce again, as a client would
                    }
                }
            }
            if (source.connectTxid != 0 && now - source.connectSentAt > timeoutNanos) {
                sendConnect(source); // the reconnect was lost; the old id still works meanwhile
            }
        }
    }

    private void sendConnect(Source source) throws IOException {
        source.connectTxid = CONNECT_TXID_FLAG | (int) (System.nanoTime() & 0x3FFF_FFFF);
        source.connectSentAt = System.nanoTime();
        ByteBuffer connect = ByteBuffer.allocate(16);
        connect.putLong(PROTOCOL_ID).putInt(CONNECT).putInt(source.connectTxid).flip();
        source.channel.write(connect);
    }

    private int nextPeer() {
        return (int) (cursor++ % swarms.peers());
    }

    private void send(Source source, int slot, int peer) throws IOException {
        source.peerOf[slot] = peer;
        int event = started.get(peer) ? EVENT_NONE : EVENT_STARTED;
        started.set(peer);
        int generation = (source.generation[slot] + 1) & 0x1FFFF;
        source.generation[slot] = generation;
        swarms.writePeerId(peer, peerId, 0);
        request.clear();
        request.putLong(source.connectionId).putInt(ANNOUNCE).putInt(generation << 14 | slot)
                .put(swarms.infoHash(peer)).put(peerId)
                .putLong(0).putLong(swarms.left(peer)).putLong(0) // downloaded, left, uploaded
                .putInt(event).putInt(0).putInt(peer).putInt(numwant) // event, ip (the source's), key, num_want
                .putShort((short) swarms.port(peer))
                .flip();
        source.sentAt[slot] = System.nanoTime();
        if (source.channel.write(request) == 0) {
            sendFailures++; // the socket's send buffer was full; the sweep sends it again
        }
    }

    private void recordError(String message) {
        errors++;
        if (firstError == null) {
            firstError = message;
        }
    }

    private void close(Selector selector) throws IOException {
        for (Source source : sources) {
            source.channel.close();
        }
        selector.close();
    }

    static String json(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"")
                .replaceAll("[\\x00-\\x1f]", "?") + "\"";
    }
}
