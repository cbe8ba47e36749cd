package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "Memory per idle socket" section of docs/benchmarks.md, from memory.sh's results (target/bench/memory.jsonl),
 * spliced into the report in place: {@code java -cp target/test-classes dev.rendezvous.bench.MemoryReport target/bench docs}.
 * BenchReport puts it back whenever it rewrites the report.
 */
public final class MemoryReport {
    static final String HEADING = "## Memory per idle socket";
    /** The target: live heap plus native memory per idle socket. */
    static final double TARGET_BYTES = 8 * 1024;

    private MemoryReport() {
    }

    public static void main(String[] args) throws IOException {
        splice(Path.of(args[0]), Path.of(args[1]));
    }

    /** Writes the section into docs/benchmarks.md, when memory.sh left results. */
    static void splice(Path results, Path docs) throws IOException {
        List<Map<String, String>> rows = BenchReport.read(results.resolve("memory.jsonl"));
        if (!rows.isEmpty()) {
            ReportSections.splice(docs.resolve("benchmarks.md"), HEADING, section(rows), "## TURN");
            System.out.println("wrote the memory section of " + docs.resolve("benchmarks.md"));
        }
    }

    /** The run of {@code label} at 10,000 sockets that announced once, for the targets table; or null. */
    static Map<String, String> targetRun(List<Map<String, String>> rows, String label) {
        return BenchReport.find(rows, r -> label.equals(r.get("label")) && BenchReport.number(r, "connections") == 10_000
                && "true".equals(r.get("announce")));
    }

    /** Live heap plus native memory per socket: for Rendezvous NMT's committed memory outside the heap, for node external. */
    static double liveBytes(Map<String, String> run) {
        return BenchReport.number(run, "heapPerSocket") + Math.max(0, BenchReport.number(run, "nativePerSocket"));
    }

    /** The server a run measured: the reference, or Rendezvous on Liberty or on another runtime. */
    static String server(Map<String, String> run) {
        return switch (String.valueOf(run.get("label"))) {
            case "reference" -> "bittorrent-tracker";
            case "payara" -> "Rendezvous on Payara Micro";
            case "wildfly" -> "Rendezvous on WildFly";
            default -> "Rendezvous (Liberty)";
        };
    }

    static String section(List<Map<String, String>> rows) {
        StringBuilder md = new StringBuilder("\n" + HEADING + "\n\n")
                .append("`src/test/bench/memory.sh`: idle WebSockets on 127.0.0.1 (raw NIO, one selector: `IdleSockets`) that only\n")
                .append("connect, or announce once (rooms of ten, no offers) and go quiet, against Rendezvous on Liberty and against the\n")
                .append("reference `bittorrent-tracker` server in the same run, each on core 0. Memory is read before the sockets open,\n")
                .append("while they sit idle and after they close, after 200 warm-up sockets:\n")
                .append("- Rendezvous: the live heap is the class histogram's total after a full collection (`jcmd GC.class_histogram`);\n")
                .append("  native is what the JVM committed outside the heap (native memory tracking, summary), almost all of it direct\n")
                .append("  buffers (NMT's `Other`).\n")
                .append("- bittorrent-tracker: the live heap is V8's `heapUsed` after `gc()` (`node --expose-gc`), native its `external`\n")
                .append("  (buffers V8 knows of). What libuv and the HTTP parser allocate outside V8 shows only in its RSS delta.\n")
                .append("- RSS deltas count garbage and memory an earlier heap growth had already made resident; they are given for\n")
                .append("  comparison only. Memory the kernel keeps for a socket (its buffers) is in neither process, for either server.\n")
                .append("- The same WAR on Payara Micro and WildFly is measured as on Liberty (their default configurations).\n")
                .append("- Other sessions loaded the machine's CPUs during the run; live heap counts objects, so the load changes how long\n")
                .append("  a run takes, not these figures.\n\n");
        String jdk = rows.stream().map(r -> r.get("serverJdk")).filter(j -> j != null && !j.startsWith("none")).findFirst().orElse("?");
        String args = rows.stream().map(r -> r.get("serverJvmArgs")).filter(a -> a != null && !a.isEmpty()).findFirst().orElse("");
        md.append("Rendezvous' JDK: ").append(jdk).append(args.isEmpty() ? "" : " (`" + args + "`)").append(".\n\n")
                .append("| Server | Sockets | Announced | Live heap / socket | Native / socket | Live total / socket | RSS delta / socket | Live heap: before, open, 5 s after close |\n")
                .append("|---|---:|---|---:|---:|---:|---:|---|\n");
        for (Map<String, String> r : rows) {
            boolean node = "node".equals(r.get("kind"));
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %,.0f B | %,.0f B | **%.1f KiB** | %.1f KiB | %.1f, %.1f, %.1f MB |\n",
                    server(r), BenchReport.number(r, "open"),
                    "true".equals(r.get("announce")) ? "once" : "no", BenchReport.number(r, "heapPerSocket"),
                    BenchReport.number(r, "nativePerSocket"), liveBytes(r) / 1024, BenchReport.number(r, "rssPerSocket") / 1024,
                    BenchReport.number(r, "heapBefore") / 1e6, BenchReport.number(r, "heapAfter") / 1e6,
                    BenchReport.number(r, "heapAfterClose") / 1e6));
        }
        Map<String, String> ours = targetRun(rows, "rendezvous");
        Map<String, String> theirs = targetRun(rows, "reference");
        if (ours != null && theirs != null) {
            md.append(String.format(Locale.ROOT, "\nAt 10,000 sockets that announced once, a Rendezvous socket costs %.1f KiB of live heap and native\n"
                            + "memory, the reference's %.1f KiB of live V8 heap (%.1f KiB of RSS): %.1fx. The target, 8 KiB, is %s; Liberty's\n"
                            + "own floor is above it (see the findings: \"Memory per idle socket\").\n",
                    liveBytes(ours) / 1024, liveBytes(theirs) / 1024, BenchReport.number(theirs, "rssPerSocket") / 1024,
                    liveBytes(ours) / liveBytes(theirs), liveBytes(ours) <= TARGET_BYTES ? "met" : "not met"));
            for (String runtime : List.of("wildfly", "payara")) {
                Map<String, String> other = targetRun(rows, runtime);
                if (other != null) {
                    md.append(String.format(Locale.ROOT, "The same WAR and sockets %s: %.1f KiB.\n",
                            server(other).replace("Rendezvous ", ""), liveBytes(other) / 1024));
                }
            }
        }
        return md.toString();
    }
}
