package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.rendezvous.bench.BenchReport.find;
import static dev.rendezvous.bench.BenchReport.number;

/**
 * The "Java 17 vs Java 25" section of docs/benchmarks.md: the same benchmark with the servers on different JDKs, from
 * tagged runs of the scripts ({@code TAG=jdk25 BENCH_JAVA_HOME=... tracker.sh} writes target/bench/tracker-jdk25.jsonl;
 * turn.sh likewise turn-jdk25.jsonl), one table row per tag, in the tags' order. {@code BenchReport --jdk target/bench
 * docs} rewrites only this section in the file as it is.
 */
final class JdkReport {
    static final String HEADING = "## Java 17 vs Java 25";

    private JdkReport() {
    }

    /** Replaces the section in {@code docs/benchmarks.md}, or puts it before the cluster section (or the findings, or at the end). */
    static void splice(Path results, Path docs) throws IOException {
        Path file = docs.resolve("benchmarks.md");
        String section = describe(results, docs);
        if (section.isEmpty()) {
            System.out.println("no " + results.resolve("tracker-TAG.jsonl") + " or turn-TAG.jsonl; " + file + " left as it is");
            return;
        }
        ReportSections.splice(file, HEADING, section, ClusterReport.HEADING + "\n", "## Findings");
        System.out.println("wrote the JDK section of " + file);
    }

    /** The tags of the results named {@code prefix-TAG.jsonl}, sorted. */
    private static List<String> tags(Path results, String prefix) throws IOException {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(results)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + "-") && n.endsWith(".jsonl"))
                    .map(n -> n.substring(prefix.length() + 1, n.length() - ".jsonl".length())).sorted().toList();
        }
    }

    /**
     * The section, starting with an empty line, or "" without tagged results; it ends with
     * docs/benchmarks-jdk-notes.md, written by hand from the runs, when there is one.
     */
    static String describe(Path results, Path docs) throws IOException {
        List<String> trackerTags = tags(results, "tracker");
        List<String> turnTags = tags(results, "turn");
        if (trackerTags.isEmpty() && turnTags.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n").append(HEADING).append("\n\n")
                .append("The same benchmarks with the servers (Rendezvous' Liberty) on different JDKs, back to back in one session, from\n")
                .append("tagged runs (`TAG=jdk25 BENCH_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 src/test/bench/tracker.sh`; results in\n")
                .append("`target/bench/tracker-TAG.jsonl`, `turn-TAG.jsonl`). The load generator runs on the default `java` in every\n")
                .append("run, so all runs share one generator; each server's JDK was read from its running process (`/proc/PID/exe`).\n")
                .append("The build targets release 17 either way.\n");
        if (!trackerTags.isEmpty()) {
            tracker(md, results, trackerTags);
        }
        if (!turnTags.isEmpty()) {
            turn(md, results, turnTags);
        }
        Path notes = docs.resolve("benchmarks-jdk-notes.md");
        if (Files.exists(notes)) {
            md.append("\n").append(Files.readString(notes).strip()).append("\n");
        }
        return md.toString();
    }

    private static void tracker(StringBuilder md, Path results, List<String> tags) throws IOException {
        md.append("\n### Tracker\n\n`src/test/bench/tracker.sh` (settings as in the Tracker section: each server on core 0, the generator on core 1,\n")
                .append("8 announces in flight per socket without offers, 1 with 5 offers), one run per row. Ratios are of frames/s.\n\n");
        List<String> notes = new ArrayList<>();
        for (String tag : tags) {
            List<Map<String, String>> rows = BenchReport.read(results.resolve("tracker-" + tag + ".jsonl"));
            Map<String, String> start = find(rows, r -> "uptime-start".equals(r.get("server")));
            Map<String, String> end = find(rows, r -> "uptime-end".equals(r.get("server")));
            notes.add(String.format(Locale.ROOT, "`%s`: %s", tag, BenchReport.jdkNote(BenchReport.runs(rows), machine(results, tag), "Liberty", "").strip()
                    .replaceFirst("\\.$", "") + "; load average at the start " + load(start) + ", at the end " + load(end) + "."));
        }
        md.append(String.join("\n", notes.stream().map(n -> "- " + n).toList())).append("\n\n")
                .append("| Run | Connections | Reference frames/s | Rendezvous K=0 frames/s | Rendezvous K=5 frames/s | Echo frames/s | Async echo frames/s | K=0 / async echo | K=5 / async echo | K=0 / reference | K=5 / reference | K=0 / echo | K=5 / echo |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String tag : tags) {
            List<Map<String, String>> rows = BenchReport.runs(BenchReport.read(results.resolve("tracker-" + tag + ".jsonl")));
            TreeSet<Integer> connections = new TreeSet<>();
            rows.stream().filter(r -> r.get("connections") != null && r.get("mode") != null && !"idle".equals(r.get("mode"))
                    && !String.valueOf(r.get("server")).endsWith("half-load")).forEach(r -> connections.add((int) number(r, "connections")));
            for (int n : connections) {
                double ref0 = fps(rows, "reference", n, 0);
                double ref5 = fps(rows, "reference", n, 5);
                double k0 = fps(rows, "rendezvous", n, 0);
                double k5 = fps(rows, "rendezvous", n, 5);
                double echo = fps(rows, "echo", n, -1);
                double async = fps(rows, "echo-async", n, -1);
                md.append(String.format(Locale.ROOT, "| `%s` | %,d | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", tag, n,
                        fmt(ref0, "%,.0f"), fmt(ref5, "%,.0f"), fmt(k0, "%,.0f"), fmt(k5, "%,.0f"), fmt(echo, "%,.0f"), fmt(async, "%,.0f"),
                        pct(k0 / async), pct(k5 / async), ratio(k0 / ref0), ratio(k5 / ref5), pct(k0 / echo), pct(k5 / echo)));
            }
        }
        md.append("\nReference frames/s: K=0 / K=5. The target (issue): Rendezvous >= 90 % of the async echo endpoint's frames/s at\n")
                .append("1,000 sockets, K=0 and K=5.\n");
    }

    private static void turn(StringBuilder md, Path results, List<String> tags) throws IOException {
        md.append("\n### TURN at the fixed load\n\n`src/test/bench/turn.sh` with `KNEE_CLIENTS=\"\"` (the fixed load only: `-m 40 -z 5 -n 3000 -l 120` unless\n")
                .append("the row says otherwise; one warm-up run, recorded in the jsonl and left out here, then three), Rendezvous then coturn (`--relay-threads=1`, C, the\n")
                .append("same binary in every run). CPU per message is the server's utime+stime over the whole run divided by the messages\n")
                .append("received; the median of the three runs, all three in brackets.\n\n")
                .append("| Run | Server | JDK (JVM_ARGS) | Load | CPU µs/msg, median (runs) | Loss % (max) | Rendezvous / coturn (medians) | Load average at start / end |\n")
                .append("|---|---|---|---|---:|---:|---:|---|\n");
        for (String tag : tags) {
            List<Map<String, String>> all = BenchReport.read(results.resolve("turn-" + tag + ".jsonl"));
            List<Map<String, String>> rows = BenchReport.runs(all);
            String loads = load(find(all, r -> "uptime-start".equals(r.get("server")))) + " / " + load(find(all, r -> "uptime-end".equals(r.get("server"))));
            double ours = number(BenchReport.medianFixed(rows, "rendezvous"), "cpuMicrosPerMessage");
            double theirs = number(BenchReport.medianFixed(rows, "coturn"), "cpuMicrosPerMessage");
            for (String server : new String[]{"rendezvous", "coturn"}) {
                List<Map<String, String>> fixed = rows.stream().filter(r -> server.equals(r.get("server")) && String.valueOf(r.get("load")).startsWith("fixed")).toList();
                if (fixed.isEmpty()) {
                    continue;
                }
                Map<String, String> median = BenchReport.medianFixed(rows, server);
                String jdk = fixed.get(0).get("serverJdk") + ("rendezvous".equals(server) && fixed.get(0).get("serverJvmArgs") != null
                        ? " (`" + fixed.get(0).get("serverJvmArgs") + "`)" : "");
                md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | `%s` | %s (%s) | %s | %s | %s |\n", tag, server, jdk,
                        fixed.get(0).get("load").replace("fixed: ", ""), fmt(number(median, "cpuMicrosPerMessage"), "%.1f"),
                        String.join(", ", fixed.stream().map(r -> fmt(number(r, "cpuMicrosPerMessage"), "%.1f")).toList()),
                        fmt(fixed.stream().mapToDouble(r -> number(r, "lossPercent")).max().orElse(Double.NaN), "%.2f"),
                        "rendezvous".equals(server) ? ratio(ours / theirs) : "", loads));
            }
        }
    }

    /** machine-TAG.txt, or "". */
    private static String machine(Path results, String tag) throws IOException {
        Path file = results.resolve("machine-" + tag + ".txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Frames/s of the run of {@code server} at {@code n} sockets and {@code k} offers (any with k < 0). */
    private static double fps(List<Map<String, String>> rows, String server, int n, int k) {
        return number(find(rows, r -> server.equals(r.get("server")) && number(r, "connections") == n && (k < 0 || number(r, "offers") == k)),
                "framesPerSecond");
    }

    private static String load(Map<String, String> uptime) {
        if (uptime == null || uptime.get("uptime") == null) {
            return "–";
        }
        String text = uptime.get("uptime");
        int at = text.indexOf("load average:");
        return at < 0 ? text : text.substring(at + "load average:".length()).strip();
    }

    private static String pct(double value) {
        return fmt(value * 100, "%.0f %%");
    }

    private static String ratio(double value) {
        return fmt(value, "%.2fx");
    }

    private static String fmt(double value, String pattern) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, pattern, value);
    }
}
