package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running JVM's live memory, read with its own JDK's {@code jcmd}: the live heap (the class histogram, which
 * runs a full collection first and counts only reachable objects), and with {@code -XX:NativeMemoryTracking}
 * the memory the JVM committed outside the heap, per category ({@code Other} holds direct buffers). Unlike RSS,
 * neither counts garbage, nor memory a heap grown earlier had already made resident.
 */
public record LiveMemory(long liveHeapBytes, long liveObjects, Map<String, long[]> histogram, Map<String, Long> nativeCommittedKb,
                         long rssKb) {
    /** {@code   12:        345       67890  java.lang.String (java.base@17)} */
    private static final Pattern CLASS_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");
    /** {@code Total: reserved=123KB, committed=45KB} and {@code -  Java Heap (reserved=..., committed=...KB)}. */
    private static final Pattern NMT = Pattern.compile("^(?:(Total)|-\\s+([A-Za-z ]+?)\\s+\\().*?committed=(\\d+)KB");

    /** Reads the live memory of the JVM {@code pid}: one full collection (the histogram's), then the native summary. */
    public static LiveMemory of(long pid) throws IOException, InterruptedException {
        String jcmd = jcmdFor(pid);
        jcmd(jcmd, pid, "GC.run"); // a first full collection lets reference processing (finalizers, cleaners) run
        Thread.sleep(200);
        long heap = -1;
        long objects = -1;
        Map<String, long[]> histogram = new HashMap<>();
        for (String line : jcmd(jcmd, pid, "GC.class_histogram")) {
            Matcher row = CLASS_ROW.matcher(line);
            if (row.find()) {
                histogram.put(row.group(3), new long[]{Long.parseLong(row.group(1)), Long.parseLong(row.group(2))});
            }
            Matcher total = TOTAL.matcher(line);
            if (total.find()) {
                objects = Long.parseLong(total.group(1));
                heap = Long.parseLong(total.group(2));
            }
        }
        Map<String, Long> nativeKb = new HashMap<>();
        for (String line : jcmd(jcmd, pid, "VM.native_memory", "summary")) {
            Matcher m = NMT.matcher(line.trim().startsWith("-") ? line.trim() : line);
            if (m.find()) {
                nativeKb.put(m.group(1) != null ? "Total" : m.group(2), Long.parseLong(m.group(3)));
            }
        }
        return new LiveMemory(heap, objects, histogram, nativeKb, TrackerLoad.rssKb(pid));
    }

    /** Native memory the JVM committed outside the Java heap, or -1 without native memory tracking. */
    public long nativeKb() {
        Long total = nativeCommittedKb.get("Total");
        return total == null ? -1 : total - nativeCommittedKb.getOrDefault("Java Heap", 0L);
    }

    /** One NMT category's committed KiB, or -1. */
    public long nativeKb(String category) {
        return nativeCommittedKb.getOrDefault(category, -1L);
    }

    /** The classes whose live bytes grew most from {@code before} to this, per socket, as markdown rows. */
    public List<String> growthPerSocket(LiveMemory before, int sockets, int rows) {
        record Growth(String name, long instances, long bytes) {
        }
        List<Growth> growth = new ArrayList<>();
        histogram.forEach((name, now) -> {
            long[] then = before.histogram.getOrDefault(name, new long[2]);
            growth.add(new Growth(name, now[0] - then[0], now[1] - then[1]));
        });
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
        List<String> lines = new ArrayList<>();
        for (Growth g : growth.subList(0, Math.min(rows, growth.size()))) {
            lines.add(String.format(Locale.ROOT, "| `%s` | %.2f | %,.0f |", g.name(), g.instances() / (double) sockets,
                    g.bytes() / (double) sockets));
        }
        return lines;
    }

    /** Writes a heap dump of the live objects (HPROF) of the JVM {@code pid} to {@code file}. */
    public static void heapDump(long pid, Path file) throws IOException, InterruptedException {
        jcmd(jcmdFor(pid), pid, "GC.heap_dump", file.toAbsolutePath().toString());
    }

    /** The jcmd beside the java binary that runs {@code pid} (a JDK's jcmd attaches to its own version). */
    static String jcmdFor(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(java -> Path.of(java).resolveSibling("jcmd"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElse("jcmd");
    }

    private static List<String> jcmd(String jcmd, long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(jcmd, String.valueOf(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + String.join("\n", lines));
        }
        return lines;
    }
}
