package dev.rendezvous.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory per HTTP and per UDP peer: a running tracker's memory is read empty (after a small warm-up set of peers, which
 * loads the classes), after {@code --peers} UDP peers in {@code --swarms} swarms announced once ({@code started}),
 * and after as many HTTP peers in another set of swarms. Kinds: {@code jvm} (Rendezvous: the live heap after a full
 * collection, the class histogram's total, and NMT's native memory if enabled), {@code node} (the reference,
 * under bt-reference.mjs: V8's heapUsed and external after gc()), {@code rss} (opentracker: RSS only, context). The
 * peers stay listed while they are read: every tracker here keeps a peer for minutes without a re-announce.
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.PeerMemory --kind jvm --pid 1234 \
 *     --udp-target 127.0.0.1:6969 --http-url http://127.0.0.1:9080/announce --peers 100000 --swarms 1000</pre>
 *
 * Prints one JSON object; with {@code --histogram FILE} (jvm) the classes that grew, per UDP peer, as markdown.
 */
public final class PeerMemory {
    private PeerMemory() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = TrackerLoad.options(args);
        String kind = options.getOrDefault("kind", "jvm");
        long pid = Long.parseLong(options.get("pid"));
        String memoryUrl = options.get("memory-url");
        int peers = Integer.parseInt(options.getOrDefault("peers", "100000"));
        String swarms = options.getOrDefault("swarms", "1000");
        String udpTarget = options.get("udp-target");
        String httpUrl = options.get("http-url");

        // Warm-up: 1,000 peers in 10 swarms over each protocol load the classes and size the pools; they stay.
        if (udpTarget != null) {
            populate(true, udpTarget, "1000", "10", "rendezvous-bench-warm-udp-");
        }
        if (httpUrl != null) {
            populate(false, httpUrl, "1000", "10", "rendezvous-bench-warm-http-");
        }
        Thread.sleep(2_000);
        SocketMemory.Reading empty = read(kind, pid, memoryUrl);
        String udp = "null";
        SocketMemory.Reading afterUdp = empty;
        if (udpTarget != null) {
            udp = populate(true, udpTarget, String.valueOf(peers), swarms, "rendezvous-bench-udp-");
            Thread.sleep(2_000);
            afterUdp = read(kind, pid, memoryUrl);
        }
        String http = "null";
        SocketMemory.Reading afterHttp = afterUdp;
        if (httpUrl != null) {
            http = populate(false, httpUrl, String.valueOf(peers), swarms, "rendezvous-bench-http-");
            Thread.sleep(2_000);
            afterHttp = read(kind, pid, memoryUrl);
        }
        if (options.containsKey("histogram") && afterUdp.jvm() != null && udpTarget != null) {
            List<String> rows = new ArrayList<>(List.of("| Class | Instances per UDP peer | Bytes per UDP peer |",
                    "|---|---:|---:|"));
            rows.addAll(afterUdp.jvm().growthPerSocket(empty.jvm(), peers, 25));
            Files.write(Path.of(options.get("histogram")), rows);
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"label\":\"%s\",\"kind\":\"%s\",\"peers\":%d,\"swarms\":%s,"
                        + "\"heapEmpty\":%d,\"heapUdp\":%d,\"heapHttp\":%d,\"heapPerUdpPeer\":%.1f,\"heapPerHttpPeer\":%.1f,"
                        + "\"nativeEmpty\":%d,\"nativeUdp\":%d,\"nativeHttp\":%d,"
                        + "\"rssEmptyKb\":%d,\"rssUdpKb\":%d,\"rssHttpKb\":%d,\"rssPerUdpPeer\":%.1f,\"rssPerHttpPeer\":%.1f,"
                        + "\"udpPopulate\":%s,\"httpPopulate\":%s,\"load\":\"%s\"}",
                options.getOrDefault("label", kind), kind, peers, swarms,
                empty.heap(), afterUdp.heap(), afterHttp.heap(), perPeer(empty.heap(), afterUdp.heap(), peers),
                perPeer(afterUdp.heap(), afterHttp.heap(), peers),
                empty.nativeBytes(), afterUdp.nativeBytes(), afterHttp.nativeBytes(),
                empty.rssKb(), afterUdp.rssKb(), afterHttp.rssKb(),
                perPeer(empty.rssKb() * 1024, afterUdp.rssKb() * 1024, peers),
                perPeer(afterUdp.rssKb() * 1024, afterHttp.rssKb() * 1024, peers),
                udp, http, Files.readString(Path.of("/proc/loadavg")).trim()));
    }

    private static String populate(boolean udp, String target, String peers, String swarms, String name) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("mode", "populate", "peers", peers, "swarms", swarms,
                "swarm-name", name));
        if (udp) {
            options.putAll(Map.of("target", target, "sockets", "16", "inflight", "4"));
            return UdpAnnounceLoad.run(options);
        }
        options.putAll(Map.of("url", target, "connections", "16", "keepalive", "true"));
        return HttpAnnounceLoad.run(options);
    }

    private static SocketMemory.Reading read(String kind, long pid, String memoryUrl) throws Exception {
        if ("rss".equals(kind)) {
            return new SocketMemory.Reading(-1, -1, -1, TrackerLoad.rssKb(pid), null);
        }
        return SocketMemory.read(kind, pid, memoryUrl);
    }

    private static double perPeer(long before, long after, int peers) {
        return before < 0 || after < 0 ? -1 : (after - before) / (double) peers;
    }
}
