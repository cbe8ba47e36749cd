package dev.rendezvous.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live memory per idle WebSocket: reads the server's live memory, opens N {@link IdleSockets} (that only connect,
 * or that announce once), reads it again while they sit idle, closes them and reads it once more (memory that
 * does not come back would be a leak). Prints one JSON object.
 * <ul>
 *   <li>{@code --kind jvm --pid PID}: the live heap after a full collection (the class histogram's total) and the
 *   memory committed outside the heap (native memory tracking, when the JVM runs with it), read with jcmd; with
 *   {@code --histogram FILE} the classes that grew, per socket, as markdown rows.</li>
 *   <li>{@code --kind node --memory-url URL}: the reference server under {@code reference-memory.mjs}, whose URL
 *   runs {@code gc()} and answers {@code process.memoryUsage()}: the live V8 heap ({@code heapUsed}) and the
 *   memory V8 knows outside it ({@code external}: buffers).</li>
 * </ul>
 * Both also report the RSS delta, which counts garbage, and memory an earlier heap growth had already made resident.
 * Memory the kernel holds for a socket (its buffers) shows in neither process, for either server.
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.SocketMemory --kind jvm --pid 1234 --port 9080 \
 *     --path /announce --connections 10000 --announce false --label rendezvous</pre>
 */
public final class SocketMemory {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\\d+)");

    private SocketMemory() {
    }

    /** One reading: live heap bytes, native bytes outside the heap (-1 if unknown), direct-buffer bytes (-1), RSS KiB. */
    record Reading(long heap, long nativeBytes, long direct, long rssKb, LiveMemory jvm) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = TrackerLoad.options(args);
        String kind = options.getOrDefault("kind", "jvm");
        long pid = Long.parseLong(options.get("pid"));
        int port = Integer.parseInt(options.get("port"));
        String path = options.getOrDefault("path", "/announce");
        int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
        boolean announce = Boolean.parseBoolean(options.getOrDefault("announce", "false"));
        int settleMillis = Integer.parseInt(options.getOrDefault("settle-ms", "3000"));
        String label = options.getOrDefault("label", kind);
        String memoryUrl = options.get("memory-url");

        // Warm-up: the first sockets load classes and fill pools and caches; they are not per-socket memory.
        try (IdleSockets warm = IdleSockets.open("127.0.0.1", port, path, 200, announce, 60_000)) {
            warm.countOpen();
        }
        Thread.sleep(2_000);

        Reading before = read(kind, pid, memoryUrl);
        long start = System.nanoTime();
        IdleSockets idle = IdleSockets.open("127.0.0.1", port, path, connections, announce, 240_000);
        double openSeconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(settleMillis);
        int open = idle.countOpen();
        Reading after = read(kind, pid, memoryUrl);
        if (options.containsKey("heap-dump")) {
            LiveMemory.heapDump(pid, Path.of(options.get("heap-dump")));
        }
        int stillOpen = idle.countOpen();
        idle.close();
        Thread.sleep(Math.max(settleMillis, 5_000));
        Reading closed = read(kind, pid, memoryUrl);

        if (options.containsKey("histogram") && after.jvm() != null) {
            List<String> rows = new ArrayList<>(List.of(
                    "| Class | Instances per socket | Bytes per socket |", "|---|---:|---:|"));
            rows.addAll(after.jvm().growthPerSocket(before.jvm(), Math.max(1, open), 30));
            Files.write(Path.of(options.get("histogram")), rows);
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"label\":\"%s\",\"kind\":\"%s\",\"connections\":%d,\"announce\":%b,\"open\":%d,\"openAfterReading\":%d,"
                        + "\"answered\":%d,\"failed\":%d,\"firstFailure\":%s,\"openSeconds\":%.1f,"
                        + "\"heapBefore\":%d,\"heapAfter\":%d,\"heapAfterClose\":%d,\"heapPerSocket\":%.0f,"
                        + "\"nativeBefore\":%d,\"nativeAfter\":%d,\"nativeAfterClose\":%d,\"nativePerSocket\":%.0f,"
                        + "\"directPerSocket\":%.0f,\"rssBeforeKb\":%d,\"rssAfterKb\":%d,\"rssPerSocket\":%.0f,"
                        + "\"load\":\"%s\"}",
                label, kind, connections, announce, open, stillOpen, idle.answered(), idle.failed(),
                idle.firstFailure() == null ? "null" : "\"" + idle.firstFailure().replace("\"", "'") + "\"", openSeconds,
                before.heap(), after.heap(), closed.heap(), perSocket(before.heap(), after.heap(), open),
                before.nativeBytes(), after.nativeBytes(), closed.nativeBytes(),
                perSocket(before.nativeBytes(), after.nativeBytes(), open),
                perSocket(before.direct(), after.direct(), open),
                before.rssKb(), after.rssKb(), perSocket(before.rssKb() * 1024, after.rssKb() * 1024, open),
                Files.readString(Path.of("/proc/loadavg")).trim()));
    }

    private static double perSocket(long before, long after, int sockets) {
        return before < 0 || after < 0 || sockets == 0 ? -1 : (after - before) / (double) sockets;
    }

    static Reading read(String kind, long pid, String memoryUrl) throws IOException, InterruptedException {
        if ("node".equals(kind)) {
            String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(memoryUrl)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Long> fields = new java.util.HashMap<>();
            Matcher m = FIELD.matcher(json);
            while (m.find()) {
                fields.put(m.group(1), Long.parseLong(m.group(2)));
            }
            return new Reading(fields.get("heapUsed"), fields.get("external"), fields.get("arrayBuffers"),
                    TrackerLoad.rssKb(pid), null);
        }
        LiveMemory jvm = LiveMemory.of(pid);
        long nativeKb = jvm.nativeKb();
        long otherKb = jvm.nativeKb("Other");
        return new Reading(jvm.liveHeapBytes(), nativeKb < 0 ? -1 : nativeKb * 1024, otherKb < 0 ? -1 : otherKb * 1024,
                jvm.rssKb(), jvm);
    }
}
