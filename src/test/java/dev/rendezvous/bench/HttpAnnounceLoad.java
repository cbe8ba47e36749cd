package dev.rendezvous.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A BEP 3 (HTTP tracker) load generator on raw NIO sockets: {@code --connections} connections, each with one
 * announce in flight (no pipelining), over keep-alive connections ({@code --keepalive true}) or a new connection per
 * announce ({@code Connection: close}, as most BitTorrent clients still send). The peers of {@link SimulatedSwarms}
 * announce in turn (the first announce of each peer is {@code started}), compact=1, numwant 50. Each response is
 * read whole (Content-Length, chunked, or until the server closes) and checked: a bencoded dictionary with peers, or a
 * {@code failure reason} (counted as an error). Reports announces answered per second over {@code --duration}
 * seconds after {@code --warmup}, round trips (connect included without keep-alive), peers per answer, and the
 * tracker's CPU per announce ({@code --pid}). {@code --mode populate} announces every peer once and stops.
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.HttpAnnounceLoad --url http://127.0.0.1:8000/announce \
 *     --connections 64 --keepalive true --swarms 1000 --peers 100000 --warmup 5 --duration 15 --pid 1234</pre>
 *
 * Prints one JSON object.
 */
public final class HttpAnnounceLoad {
    private static final byte[] PEERS_KEY = "5:peers".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE_KEY = "failure reason".getBytes(StandardCharsets.US_ASCII);

    private final SimulatedSwarms swarms;
    private final boolean keepAlive;
    private final int numwant;
    private final long timeoutNanos;
    private final InetSocketAddress server;
    private final String path;
    private final String hostHeader;
    private final String[] encodedInfoHashes;
    private final BitSet started;
    private final TrackerLoad.Latencies latencies = new TrackerLoad.Latencies();
    private final byte[] peerId = new byte[20];
    private final StringBuilder line = new StringBuilder(256);
    private Selector selector;
    private long cursor;
    private boolean measuring;
    private boolean populating;
    private long answered;
    private long refused;
    private long peersReturned;
    private long connects;
    private long connectionErrors;
    private long timeouts;
    private long staleConnections;
    private long errors;
    private String firstError;

    /** One connection and the announce on it. */
    private final class Connection {
        SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        ByteBuffer out;
        long sentAt;
        int peer = -1;
        boolean busy;
        int served; // responses read on this connection so far

        void open() throws IOException {
            served = 0;
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connects++;
            if (channel.connect(server)) {
                channel.register(selector, SelectionKey.OP_WRITE, this);
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, this);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            channel = null;
        }
    }

    private HttpAnnounceLoad(Map<String, String> options) {
        this.swarms = SimulatedSwarms.of(options);
        this.keepAlive = Boolean.parseBoolean(options.getOrDefault("keepalive", "true"));
        this.numwant = Integer.parseInt(options.getOrDefault("numwant", "50"));
        this.timeoutNanos = Long.parseLong(options.getOrDefault("timeout-ms", "10000")) * 1_000_000;
        URI url = URI.create(options.getOrDefault("url", "http://127.0.0.1:6969/announce"));
        this.server = new InetSocketAddress(url.getHost(), url.getPort());
        this.path = url.getRawPath();
        this.hostHeader = url.getHost() + ":" + url.getPort();
        this.started = new BitSet(swarms.peers());
        this.encodedInfoHashes = new String[swarms.swarms()];
        for (int s = 0; s < swarms.swarms(); s++) {
            encodedInfoHashes[s] = percentEncode(swarms.infoHash(s), 0, 20);
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(TrackerLoad.options(args)));
    }

    /** One run ({@code --mode load} or {@code populate}): its JSON. */
    static String run(Map<String, String> options) throws IOException {
        HttpAnnounceLoad load = new HttpAnnounceLoad(options);
        return switch (options.getOrDefault("mode", "load")) {
            case "populate" -> load.populate(Integer.parseInt(options.getOrDefault("connections", "16")));
            case "load" -> load.load(options);
            default -> throw new IllegalArgumentException("--mode load or populate");
        };
    }

    private Connection[] connect(int count) throws IOException {
        selector = Selector.open();
        Connection[] connections = new Connection[count];
        for (int i = 0; i < count; i++) {
            connections[i] = new Connection();
            connections[i].open();
        }
        return connections;
    }

    private String populate(int count) throws IOException {
        Connection[] connections = connect(count);
        long begin = System.nanoTime();
        measuring = true;
        populating = true;
        long total = swarms.peers();
        long lastSweep = begin;
        while (answered + refused < total && System.nanoTime() - begin < 600_000_000_000L) {
            poll(1);
            long now = System.nanoTime();
            if (now - lastSweep > 100_000_000L) {
                sweep(connections, now);
                lastSweep = now;
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        close(connections);
        return String.format(Locale.ROOT,
                "{\"mode\":\"populate\",\"protocol\":\"http\",\"keepAlive\":%b,\"swarms\":%d,\"peers\":%d,\"answered\":%d,"
                        + "\"errors\":%d,\"firstError\":%s,\"timeouts\":%d,\"connectionErrors\":%d,\"seconds\":%.1f}",
                keepAlive, swarms.swarms(), total, answered, errors, UdpAnnounceLoad.json(firstError), timeouts,
                connectionErrors, seconds);
    }

    private String load(Map<String, String> options) throws IOException {
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "5"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "15"));
        long[] pid = {Long.parseLong(options.getOrDefault("pid", "0"))};
        int count = Integer.parseInt(options.getOrDefault("connections", "64"));
        Connection[] connections = connect(count);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        long cpuAtStart = 0;
        long ownCpuAtStart = 0;
        long connectsAtStart = 0;
        long lastSweep = start;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                measuring = true;
                cpuAtStart = TrackerLoad.cpuTicks(pid);
                ownCpuAtStart = TrackerLoad.cpuTicks(ProcessHandle.current().pid());
                connectsAtStart = connects;
            }
            if (now >= end) {
                break;
            }
            poll(1);
            if (now - lastSweep > 100_000_000L) {
                sweep(connections, now);
                lastSweep = now;
            }
        }
        double seconds = (System.nanoTime() - measureFrom) / 1e9;
        long serverTicks = TrackerLoad.cpuTicks(pid) - cpuAtStart;
        long ownTicks = TrackerLoad.cpuTicks(ProcessHandle.current().pid()) - ownCpuAtStart;
        long measuredConnects = connects - connectsAtStart;
        long rss = TrackerLoad.rssKb(pid);
        close(connections);
        double serverCpuSeconds = serverTicks / 100.0;
        return String.format(Locale.ROOT,
                "{\"protocol\":\"http\",\"keepAlive\":%b,\"connections\":%d,\"swarms\":%d,\"peers\":%d,\"numwant\":%d,"
                        + "\"seconds\":%.2f,\"announces\":%d,\"announcesPerSecond\":%.0f,\"connectsPerSecond\":%.0f,"
                        + "\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"peersPerAnswer\":%.1f,"
                        + "\"errors\":%d,\"firstError\":%s,\"timeouts\":%d,\"connectionErrors\":%d,\"staleConnections\":%d,"
                        + "\"serverCpuPercent\":%.1f,\"serverCpuMicrosPerAnnounce\":%.2f,\"announcesPerCoreSecond\":%.0f,"
                        + "\"generatorCpuPercent\":%.1f,\"serverRssKb\":%d}",
                keepAlive, count, swarms.swarms(), swarms.peers(), numwant, seconds, answered, answered / seconds,
                measuredConnects / seconds, latencies.percentileMillis(50), latencies.percentileMillis(90),
                latencies.percentileMillis(99), latencies.percentileMillis(99.9),
                answered == 0 ? 0.0 : peersReturned / (double) answered, errors, UdpAnnounceLoad.json(firstError),
                timeouts, connectionErrors, staleConnections, serverCpuSeconds * 100 / seconds,
                answered == 0 ? -1.0 : serverCpuSeconds * 1e6 / answered,
                serverCpuSeconds == 0 ? -1.0 : answered / serverCpuSeconds, ownTicks / seconds, rss);
    }

    private void poll(long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection connection = (Connection) key.attachment();
            try {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isConnectable()) {
                    connection.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isWritable()) {
                    write(connection, key);
                } else if (key.isReadable()) {
                    read(connection, key);
                }
            } catch (IOException e) {
                connectionErrors++;
                recordError(e.getClass().getSimpleName() + ": " + e.getMessage());
                reopen(connection);
            }
        }
    }

    private void write(Connection connection, SelectionKey key) throws IOException {
        if (!connection.busy) {
            if (connection.peer >= 0 && connection.sentAt < 0) {
                prepare(connection, connection.peer); // the announce a lost connection took with it
            } else if (populating && cursor >= swarms.peers()) {
                key.interestOps(0);
                return; // every peer has been sent; this connection rests
            } else {
                prepare(connection, nextPeer());
            }
        }
        connection.channel.write(connection.out);
        if (!connection.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void prepare(Connection connection, int peer) {
        connection.peer = peer;
        boolean first = !started.get(peer);
        started.set(peer);
        swarms.writePeerId(peer, peerId, 0);
        line.setLength(0);
        line.append("GET ").append(path).append("?info_hash=").append(encodedInfoHashes[peer % swarms.swarms()])
                .append("&peer_id=").append(percentEncode(peerId, 0, 20))
                .append("&port=").append(swarms.port(peer))
                .append("&uploaded=0&downloaded=0&left=").append(swarms.left(peer))
                .append("&compact=1&numwant=").append(numwant)
                .append(first ? "&event=started" : "")
                .append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append(keepAlive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n");
        connection.out = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.US_ASCII));
        connection.in.clear();
        connection.sentAt = System.nanoTime();
        connection.busy = true;
    }

    private void read(Connection connection, SelectionKey key) throws IOException {
        int n = connection.channel.read(connection.in);
        boolean eof = n < 0;
        if (eof && connection.in.position() == 0 && connection.served > 0) {
            staleConnections++; // the server closed a kept-alive connection (opentracker does after each response)
            reopen(connection); // the announce goes again on a new one, as HTTP clients do
            return;
        }
        int complete = responseLength(connection.in, eof);
        if (complete == 0) {
            if (eof) {
                throw new IOException("the server closed the connection mid-response");
            }
            if (!connection.in.hasRemaining()) {
                throw new IOException("a response over 64 KiB");
            }
            return;
        }
        long now = System.nanoTime();
        onResponse(connection, now);
        connection.busy = false;
        connection.served++;
        boolean serverCloses = !keepAlive || closeHeader(connection.in);
        if (serverCloses || eof) {
            connection.close();
            connection.open();
        } else {
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void onResponse(Connection connection, long now) {
        ByteBuffer in = connection.in;
        int status = status(in);
        int bodyStart = headerEnd(in);
        if (status != 200) {
            recordError("HTTP status " + status);
            refused++;
        } else if (indexOf(in, FAILURE_KEY, bodyStart) >= 0) {
            int at = indexOf(in, FAILURE_KEY, bodyStart);
            recordError(new String(in.array(), at, Math.min(80, in.position() - at), StandardCharsets.ISO_8859_1));
            refused++;
        } else {
            int at = indexOf(in, PEERS_KEY, bodyStart);
            int length = 0;
            for (int i = at + PEERS_KEY.length; at >= 0 && i < in.position() && in.get(i) != ':'; i++) {
                length = length * 10 + (in.get(i) - '0');
            }
            if (at < 0) {
                recordError("no peers in " + new String(in.array(), bodyStart, Math.min(80, in.position() - bodyStart),
                        StandardCharsets.ISO_8859_1));
            }
            if (measuring) {
                answered++;
                peersReturned += length / 6;
                latencies.add(now - connection.sentAt);
            }
        }
        connection.peer = -1;
    }

    /** Requests in flight too long: counted, and sent again on a new connection. */
    private void sweep(Connection[] connections, long now) throws IOException {
        for (Connection connection : connections) {
            if (connection.busy && now - connection.sentAt > timeoutNanos) {
                timeouts++;
                reopen(connection);
            }
        }
    }

    /** A new connection; the announce that was in flight, if any, goes again on it. */
    private void reopen(Connection connection) throws IOException {
        if (connection.channel != null) {
            connection.close();
        }
        if (connection.busy) {
            connection.busy = false;
            connection.sentAt = -1; // marks the peer to send again
        }
        connection.open();
    }

    private int nextPeer() {
        return (int) (cursor++ % swarms.peers());
    }

    /** The whole response's length once it is all in, else 0. */
    private static int responseLength(ByteBuffer in, boolean eof) {
        int headerEnd = headerEnd(in);
        if (headerEnd < 0) {
            return 0;
        }
        String headers = new String(in.array(), 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int lengthAt = headers.indexOf("\r\ncontent-length:");
        if (lengthAt >= 0) {
            int from = lengthAt + "\r\ncontent-length:".length();
            int to = headers.indexOf('\r', from);
            int total = headerEnd + Integer.parseInt(headers.substring(from, to).trim());
            return in.position() >= total ? total : 0;
        }
        if (headers.contains("\r\ntransfer-encoding: chunked")) {
            int at = headerEnd;
            while (true) {
                int lineEnd = indexOf(in, new byte[] {'\r', '\n'}, at);
                if (lineEnd < 0) {
                    return 0;
                }
                String size = new String(in.array(), at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = size.indexOf(';');
                int chunk = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                at = lineEnd + 2 + chunk + 2;
                if (at > in.position()) {
                    return 0;
                }
                if (chunk == 0) {
                    return at;
                }
            }
        }
        return eof ? in.position() : 0;
    }

    private static boolean closeHeader(ByteBuffer in) {
        String headers = new String(in.array(), 0, Math.max(0, headerEnd(in)), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        return headers.contains("\r\nconnection: close") || headers.startsWith("http/1.0");
    }

    private static int status(ByteBuffer in) {
        return in.position() >= 12 ? (in.get(9) - '0') * 100 + (in.get(10) - '0') * 10 + (in.get(11) - '0') : -1;
    }

    /** The offset just after the blank line that ends the headers, or -1. */
    private static int headerEnd(ByteBuffer in) {
        int at = indexOf(in, new byte[] {'\r', '\n', '\r', '\n'}, 0);
        return at < 0 ? -1 : at + 4;
    }

    private static int indexOf(ByteBuffer in, byte[] needle, int from) {
        byte[] bytes = in.array();
        outer:
        for (int i = Math.max(0, from); i <= in.position() - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String percentEncode(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length * 3);
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '.'
                    || b == '_' || b == '~') {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private void recordError(String message) {
        errors++;
        if (firstError == null) {
            firstError = message;
        }
    }

    private void close(Connection[] connections) throws IOException {
        for (Connection connection : connections) {
            if (connection.channel != null) {
                connection.close();
            }
        }
        selector.close();
    }
}
