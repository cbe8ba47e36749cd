package dev.rendezvous.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tracker load generator: opens N WebSockets, spreads their peers over R rooms, announces with K offers each
 * (closed loop: F announces in flight per socket, or open loop: a total rate), answers every offer it receives as
 * real clients do, and reports frames received per second (aquatic_ws' metric), announce round trip and offer
 * delivery latency (p50/p99), errors, and the server's RSS and CPU. Modes: {@code tracker} (any WebTorrent
 * tracker), {@code echo} (an endpoint that sends every frame back: the container's ceiling), {@code idle} (N
 * sockets announce once and stay open: memory per socket).
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.TrackerLoad --url ws://127.0.0.1:9080/announce \
 *     --mode tracker --connections 1000 --rooms 100 --offers 5 --inflight 8 --warmup 5 --duration 15 --pid 1234</pre>
 *
 * For a cluster: {@code --urls A,B} spreads the sockets over several nodes, alternating within each room (socket
 * {@code i} is in room {@code i % rooms} and on URL {@code (i / rooms) % urls}, so every room has peers on every
 * node), and the offer delivery latency is also reported apart for offers whose offerer and receiver are on the
 * same URL and on different URLs (the offerer's socket index is in its peer_id). {@code --pid} takes a
 * comma-separated list (CPU and RSS are summed); {@code --redis host:port} reads Redis' {@code INFO commandstats}
 * and {@code INFO cpu} at the start and end of the measurement. After the measurement the generator stops sending
 * and waits for the frames still on their way (until 500 ms pass without one, at most 5 s), so the totals of
 * offers sent and received (whole run, warm-up included) show offers that never arrived, and answers received
 * short of offers received show answers lost. {@code announcesOverSecond} counts measured announce round trips of a
 * second or more (in cluster mode a node answers from its own peers once Redis has not answered within its command
 * timeout, 1 s by default).
 *
 * Prints one JSON object.
 */
public final class TrackerLoad implements WsConnection.Listener {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final Pattern COMMANDSTAT = Pattern.compile("^cmdstat_([\\w|]+):calls=(\\d+),usec=(\\d+)");

    private final Map<String, String> options;
    private final String mode;
    private final int offers;
    private final int inflight;
    private final double rate;
    private final List<WsConnection> connections = new ArrayList<>();
    private final Latencies announceLatency = new Latencies();
    private final Latencies offerLatency = new Latencies();
    private final Latencies offerSameLatency = new Latencies();
    private final Latencies offerCrossLatency = new Latencies();
    private int urlCount = 1;
    private int rooms = 1;
    private boolean measuring;
    private boolean stopping;
    private long lastArrival;
    private long offersSent;
    private long offersReceived;
    private long answersReceived;
    private long announcesOverSecond;
    private long frames;
    private long announces;
    private long errors;
    private long closedEarly;
    private String firstCloseReason;
    private long opened;
    private long offerCounter;

    private TrackerLoad(Map<String, String> options) {
        this.options = options;
        this.mode = options.getOrDefault("mode", "tracker");
        this.offers = Integer.parseInt(options.getOrDefault("offers", "0"));
        this.inflight = Integer.parseInt(options.getOrDefault("inflight", "8"));
        this.rate = Double.parseDouble(options.getOrDefault("rate", "0"));
    }

    public static void main(String[] args) throws Exception {
        System.out.println(new TrackerLoad(options(args)).run());
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** Percentiles of latencies in nanoseconds, kept in a growing array. */
    static final class Latencies {
        private long[] samples = new long[1 << 16];
        private int count;

        void add(long nanos) {
            if (count == samples.length) {
                if (count >= 8_000_000) {
                    return;
                }
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = nanos;
        }

        double percentileMillis(double p) {
            if (count == 0) {
                return -1;
            }
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            return sorted[Math.min(count - 1, (int) Math.ceil(p / 100 * count) - 1)] / 1e6;
        }
    }

    private String run() throws Exception {
        URI[] uris = Arrays.stream(options.getOrDefault("urls", options.get("url")).split(",")).map(URI::create).toArray(URI[]::new);
        urlCount = uris.length;
        int total = Integer.parseInt(options.getOrDefault("connections", "100"));
        rooms = Math.max(1, Integer.parseInt(options.getOrDefault("rooms", String.valueOf(Math.max(1, total / 10)))));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "5"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "15"));
        long[] pid = Arrays.stream(options.getOrDefault("pid", "0").split(",")).mapToLong(Long::parseLong).toArray();
        String redis = options.get("redis");
        long rssBefore = rssKb(pid);
        Selector selector = Selector.open();
        long connectDeadline = System.nanoTime() + 120_000_000_000L;
        for (int i = 0; i < total; i++) {
            WsConnection connection = WsConnection.connect(i, uris[urlOf(i)], selector, this);
            connection.peerId = String.format("-BN0001-%012d", i);
            connection.infoHash = String.format("bench-room-%09d", i % rooms);
            connections.add(connection);
            if (i % 200 == 199) { // connect in batches: a listen backlog is finite
                while (opened + closedEarly < i + 1 && System.nanoTime() < connectDeadline) {
                    poll(selector, 10);
                }
            }
        }
        while (opened + closedEarly < total && System.nanoTime() < connectDeadline) {
            poll(selector, 10);
        }
        if ("idle".equals(mode)) {
            long settle = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < settle) {
                poll(selector, 50);
            }
            long rssAfter = rssKb(pid);
            connections.forEach(c -> c.close("done"));
            return String.format(Locale.ROOT,
                    "{\"mode\":\"idle\",\"connections\":%d,\"open\":%d,\"rssBeforeKb\":%d,\"rssAfterKb\":%d,\"kbPerSocket\":%.2f,\"errors\":%d,\"closed\":%d}",
                    total, opened - closedEarly, rssBefore, rssAfter, (rssAfter - rssBefore) / (double) Math.max(1, opened), errors, closedEarly);
        }
        for (WsConnection connection : connections) {
            if (connection.isOpen() && rate <= 0) {
                for (int f = 0; f < inflight; f++) {
                    send(connection);
                }
            }
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        long cpuAtStart = 0;
        long switchesAtStart = 0;
        long ownCpuAtStart = 0;
        long framesAtStart = 0;
        long announcesAtStart = 0;
        long sentByRate = 0;
        int next = 0;
        Map<String, long[]> redisAtStart = Map.of();
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                measuring = true;
                cpuAtStart = cpuTicks(pid);
                switchesAtStart = contextSwitches(pid);
                ownCpuAtStart = cpuTicks(ProcessHandle.current().pid());
                framesAtStart = frames;
                announcesAtStart = announces;
                redisAtStart = redisInfo(redis);
            }
            if (now >= end) {
                break;
            }
            if (rate > 0) {
                long due = (long) ((now - start) / 1e9 * rate) - sentByRate;
                for (int i = 0; i < due && !connections.isEmpty(); i++, next = (next + 1) % connections.size()) {
                    WsConnection connection = connections.get(next);
                    if (connection.isOpen()) {
                        send(connection);
                    }
                    sentByRate++;
                }
            }
            poll(selector, 1);
        }
        double seconds = duration;
        Map<String, long[]> redisAtEnd = redisInfo(redis);
        double serverCpu = (cpuTicks(pid) - cpuAtStart) * 100.0 / TICKS_PER_SECOND / seconds;
        long switches = contextSwitches(pid) - switchesAtStart;
        double ownCpu = (cpuTicks(ProcessHandle.current().pid()) - ownCpuAtStart) * 100.0 / TICKS_PER_SECOND / seconds;
        long rss = rssKb(pid);
        long framesMeasured = frames - framesAtStart;
        long announcesMeasured = announces - announcesAtStart;
        measuring = false;
        stopping = true;
        lastArrival = System.nanoTime();
        long drainDeadline = lastArrival + 5_000_000_000L;
        while (System.nanoTime() - lastArrival < 500_000_000L && System.nanoTime() < drainDeadline) {
            poll(selector, 10);
        }
        connections.forEach(c -> c.close("done"));
        return String.format(Locale.ROOT, "{\"mode\":\"%s\",\"connections\":%d,\"open\":%d,\"offers\":%d,\"inflight\":%d,\"rate\":%.0f,\"duration\":%.1f,"
                        + "\"framesPerSecond\":%.0f,\"announcesPerSecond\":%.0f,\"announceP50Ms\":%.3f,\"announceP99Ms\":%.3f,"
                        + "\"offerP50Ms\":%.3f,\"offerP99Ms\":%.3f,\"errors\":%d,\"closed\":%d,\"closeReason\":\"%s\","
                        + "\"serverRssKb\":%d,\"serverCpuPercent\":%.1f,\"generatorCpuPercent\":%.1f,"
                        + "\"serverContextSwitchesPerFrame\":%.2f,"
                        + "\"urls\":%d,\"offersSame\":%d,\"offerSameP50Ms\":%.3f,\"offerSameP99Ms\":%.3f,"
                        + "\"offersCross\":%d,\"offerCrossP50Ms\":%.3f,\"offerCrossP99Ms\":%.3f,"
                        + "\"offersSent\":%d,\"offersReceived\":%d,\"answersReceived\":%d,\"announcesOverSecond\":%d%s}",
                mode, total, opened, offers, inflight, rate, seconds, framesMeasured / seconds, announcesMeasured / seconds,
                announceLatency.percentileMillis(50), announceLatency.percentileMillis(99), offerLatency.percentileMillis(50),
                offerLatency.percentileMillis(99), errors, closedEarly, firstCloseReason == null ? "" : firstCloseReason.replace('"', '\''),
                rss, serverCpu, ownCpu, framesMeasured == 0 ? -1.0 : switches / (double) framesMeasured, urlCount, offerSameLatency.count, offerSameLatency.percentileMillis(50),
                offerSameLatency.percentileMillis(99), offerCrossLatency.count, offerCrossLatency.percentileMillis(50),
                offerCrossLatency.percentileMillis(99), offersSent, offersReceived, answersReceived, announcesOverSecond,
                redis == null ? "" : redisDelta(redisAtStart, redisAtEnd, announcesMeasured));
    }

    /** The URL index of socket {@code i}: alternating within each room, so that every room spans the URLs. */
    private int urlOf(int i) {
        return urlCount == 1 ? 0 : (i / rooms) % urlCount;
    }

    /**
     * Redis' {@code INFO commandstats} (command to calls and microseconds) and {@code INFO cpu} (as {@code cpu} to
     * milliseconds of user and system time), read over a plain socket; empty without {@code hostPort}.
     */
    static Map<String, long[]> redisInfo(String hostPort) throws IOException {
        Map<String, long[]> info = new HashMap<>();
        if (hostPort == null) {
            return info;
        }
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))) {
            socket.getOutputStream().write("INFO commandstats\r\nINFO cpu\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            double cpuSeconds = 0;
            for (String line : reply.split("\r\n")) {
                Matcher m = COMMANDSTAT.matcher(line);
                if (m.find()) {
                    info.put(m.group(1), new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
                } else if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    cpuSeconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                }
            }
            info.put("cpu", new long[]{0, Math.round(cpuSeconds * 1000)});
        }
        return info;
    }

    /** Redis' work during the measurement: EVALSHA calls and µs, its CPU, and every command's calls and µs. */
    static String redisDelta(Map<String, long[]> start, Map<String, long[]> end, long announces) {
        long[] zero = {0, 0};
        long[] evalsha = delta(start.getOrDefault("evalsha", zero), end.getOrDefault("evalsha", zero));
        long[] cpu = delta(start.getOrDefault("cpu", zero), end.getOrDefault("cpu", zero));
        StringBuilder commands = new StringBuilder();
        end.keySet().stream().filter(k -> !k.equals("cpu")).sorted().forEach(k -> {
            long[] d = delta(start.getOrDefault(k, zero), end.get(k));
            if (d[0] > 0) {
                commands.append(commands.length() == 0 ? "" : " ").append(k).append('=').append(d[0]).append('/').append(d[1]).append("us");
            }
        });
        return String.format(Locale.ROOT, ",\"announcesMeasured\":%d,\"redisEvalshaCalls\":%d,\"redisEvalshaUsec\":%d,"
                        + "\"redisCpuMs\":%d,\"redisCommands\":\"%s\"", announces, evalsha[0], evalsha[1], cpu[1], commands);
    }

    private static long[] delta(long[] start, long[] end) {
        return new long[]{end[0] - start[0], end[1] - start[1]};
    }

    private void poll(Selector selector, long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
        for (SelectionKey key : selector.selectedKeys()) {
            ((WsConnection) key.attachment()).ready();
        }
        selector.selectedKeys().clear();
    }

    /** An announce (tracker modes: with its offers, each stamped with its send time) or an echo probe. */
    private void send(WsConnection connection) {
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        StringBuilder message = new StringBuilder(160 + offers * 90)
                .append("{\"action\":\"announce\",\"info_hash\":\"").append(connection.infoHash)
                .append("\",\"peer_id\":\"").append(connection.peerId)
                .append("\",\"numwant\":").append(offers).append(",\"uploaded\":0,\"downloaded\":0,\"left\":0");
        if (offers > 0) {
            message.append(",\"offers\":[");
            for (int i = 0; i < offers; i++) {
                message.append(i == 0 ? "" : ",").append("{\"offer_id\":\"o").append(offerCounter++)
                        .append("\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0 t=").append(now).append("\"}}");
            }
            message.append(']');
            offersSent += offers;
        }
        connection.pending.add(now);
        connection.sendText(message.append('}').toString());
    }

    @Override
    public void onOpen(WsConnection connection) {
        opened++;
        if ("idle".equals(mode)) {
            connection.sendText("{\"action\":\"announce\",\"info_hash\":\"" + connection.infoHash + "\",\"peer_id\":\""
                    + connection.peerId + "\",\"numwant\":0,\"uploaded\":0,\"downloaded\":0,\"left\":0,\"event\":\"started\"}");
        }
    }

    @Override
    public void onText(WsConnection connection, String text) {
        long now = System.nanoTime();
        lastArrival = now;
        if (measuring) {
            frames++;
        }
        if ("idle".equals(mode)) {
            return;
        }
        if ("echo".equals(mode)) {
            response(connection, now);
            return;
        }
        if (text.contains("\"failure reason\"")) {
            errors++;
            response(connection, now);
        } else if (text.contains("\"offer\":{")) {
            offersReceived++;
            String sdp = field(text, "\"sdp\":\"");
            int t = sdp.indexOf("t=");
            if (measuring && t >= 0) {
                long latency = now - Long.parseLong(sdp.substring(t + 2));
                offerLatency.add(latency);
                int sender = senderIndex(field(text, "\"peer_id\":\""));
                (sender >= 0 && urlOf(sender) != urlOf(connection.index) ? offerCrossLatency : offerSameLatency).add(latency);
            }
            connection.sendText(answerTo(text, connection.peerId));
        } else if (text.contains("\"interval\"")) {
            response(connection, now);
        } else if (text.contains("\"answer\":{")) {
            answersReceived++;
        }
    }

    /** The socket index in one of the generator's peer_ids ({@code -BN0001-} and 12 digits), or -1. */
    static int senderIndex(String peerId) {
        try {
            return peerId.startsWith("-BN0001-") ? Integer.parseInt(peerId.substring(8)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An answer to one of this socket's announces: its round trip, and in closed loop the next announce. */
    private void response(WsConnection connection, long now) {
        Long sent = connection.pending.poll();
        if (sent != null && measuring) {
            announceLatency.add(now - sent);
            announces++;
            if (now - sent >= 1_000_000_000L) {
                announcesOverSecond++;
            }
        }
        if (rate <= 0) {
            send(connection); // nothing once stopping
        }
    }

    /** The answer a client sends to the forwarded offer {@code offer}, as {@code peerId}. */
    static String answerTo(String offer, String peerId) {
        return "{\"action\":\"announce\",\"info_hash\":\"" + field(offer, "\"info_hash\":\"") + "\",\"peer_id\":\"" + peerId
                + "\",\"to_peer_id\":\"" + field(offer, "\"peer_id\":\"") + "\",\"offer_id\":\"" + field(offer, "\"offer_id\":\"")
                + "\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}";
    }

    static String field(String json, String prefix) {
        int start = json.indexOf(prefix);
        if (start < 0) {
            return "";
        }
        start += prefix.length();
        return json.substring(start, json.indexOf('"', start));
    }

    @Override
    public void onClosed(WsConnection connection, String why) {
        if (!"done".equals(why)) {
            closedEarly++;
            if (firstCloseReason == null) {
                firstCloseReason = why;
            }
        }
    }

    static long rssKb(long[] pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += Math.max(0, rssKb(pid));
        }
        return pids.length == 1 && pids[0] <= 0 ? -1 : sum;
    }

    static long cpuTicks(long[] pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += cpuTicks(pid);
        }
        return sum;
    }

    static long rssKb(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException gone) {
            return -1;
        }
        return -1;
    }

    /**
     * The context switches of the processes' threads (voluntary and involuntary, from /proc/PID/task/TID/status):
     * over a measurement, per frame received, how often the server's threads hand work to each other or wait for
     * it. Threads that end within the measurement take their counts with them.
     */
    static long contextSwitches(long[] pids) {
        long sum = 0;
        for (long pid : pids) {
            if (pid <= 0) {
                continue;
            }
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                                sum += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                            }
                        }
                    } catch (IOException threadGone) {
                        // ended between the listing and the read
                    }
                }
            } catch (IOException gone) {
                // the process ended
            }
        }
        return sum;
    }

    /** utime + stime of a process and its threads, in clock ticks. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException gone) {
            return 0;
        }
    }
}
