package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What grew in the soak's last half, from the diagnostics soak.sh leaves: the heap left after each collection
 * (the GC log: live data plus what the collector had not reached) and the memory the JVM committed, by native
 * memory tracking category. Tells a growing heap commitment or code cache from a leak, which RSS alone cannot.
 */
final class SoakMemory {
    /** {@code [12.345s][info][gc] GC(7) Pause Young (...) 120M->40M(256M) 3.456ms} */
    private static final Pattern PAUSE = Pattern.compile("^\\[([0-9.]+)s\\].*Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    /** {@code -  Java Heap (reserved=524288KB, committed=131072KB +65536KB)} or the Total line. */
    private static final Pattern GROWTH = Pattern.compile("^(Total|-\\s+([A-Za-z ]+?)\\s+\\().*?committed=(\\d+)KB ([+-]\\d+)KB");

    private SoakMemory() {
    }

    /** A markdown section, or "" when the soak left no diagnostics. */
    static String describe(Path results) throws IOException {
        Path gcLog = results.resolve("soak-gc.log");
        Path half = results.resolve("soak-half-uptime.txt");
        Path nmt = results.resolve("soak-nmt-diff.txt");
        Path live = results.resolve("soak-live-heap.txt");
        if (!Files.exists(gcLog) || !Files.exists(half)) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nMemory in the last half (from the GC log and native memory tracking):\n\n");
        md.append(heapAfterGc(Files.readAllLines(gcLog), Double.parseDouble(Files.readString(half).trim())));
        if (Files.exists(live)) {
            md.append(liveHeap(Files.readAllLines(live)));
        }
        if (Files.exists(nmt)) {
            md.append("\n| Committed by the JVM | At the end | Growth in the last half |\n|---|---:|---:|\n");
            for (String line : Files.readAllLines(nmt)) {
                Matcher m = GROWTH.matcher(line);
                if (m.find()) {
                    String category = m.group(2) == null ? "**total**" : m.group(2);
                    md.append(String.format(Locale.ROOT, "| %s | %,d KiB | %s KiB |\n", category,
                            Long.parseLong(m.group(3)), m.group(4)));
                }
            }
        }
        return md.toString();
    }

    /** Lines such as {@code end 72345678}: bytes reachable after a forced full collection, under load. */
    static String liveHeap(List<String> lines) {
        List<String> sizes = new ArrayList<>();
        for (String line : lines) {
            String[] at = line.trim().split("\\s+");
            if (at.length == 2) {
                sizes.add(String.format(Locale.ROOT, "%.1f MB", Long.parseLong(at[1]) / 1e6));
            }
        }
        return "- live heap after a forced full collection 15 s before the end of the load: " + String.join(", ", sizes) + "\n";
    }

    static String heapAfterGc(List<String> gcLog, double fromUptimeSeconds) {
        List<double[]> points = new ArrayList<>(); // uptime, heap after, heap committed
        for (String line : gcLog) {
            Matcher m = PAUSE.matcher(line);
            if (m.find() && Double.parseDouble(m.group(1)) >= fromUptimeSeconds) {
                points.add(new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))});
            }
        }
        if (points.size() < 2) {
            return "- fewer than two collections in the last half\n";
        }
        double n = points.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += p[0] * p[0];
            sxy += p[0] * p[1];
        }
        double slopePerMinute = (n * sxy - sx * sy) / (n * sxx - sx * sx) * 60;
        double[] first = points.get(0);
        double[] last = points.get(points.size() - 1);
        return String.format(Locale.ROOT, "- heap after GC: %.0f MB after the first of %d collections, %.0f MB after the last; "
                        + "trend %.2f MB/min\n- heap committed: %.0f MB, then %.0f MB\n",
                first[1], points.size(), last[1], slopePerMinute, first[2], last[2]);
    }
}
