package dev.rendezvous.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the benchmark scripts' results (target/bench/*.jsonl) into docs/benchmarks.md and a chart of frames per
 * second against connections for every server. {@code java -cp target/test-classes dev.rendezvous.bench.BenchReport
 * target/bench docs}. With {@code --cluster} first, only the "Cluster mode" section ({@link ClusterReport}, from
 * cluster.sh's results) is written into the file as it is.
 */
public final class BenchReport {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.]+|true|false)");
    /** For {@link #sweepRun}: the echo runs answer frames and have no offers to match. */
    private static final int ANY_OFFERS = -1;

    private BenchReport() {
    }

    /** One result line as field → text (numbers unparsed, strings unquoted). */
    static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            String value = m.group(2);
            fields.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return fields;
    }

    static List<Map<String, String>> read(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("{")) {
                    rows.add(parse(line));
                }
            }
        }
        return rows;
    }

    static double number(Map<String, String> row, String field) {
        String value = row == null ? null : row.get(field);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    static Map<String, String> find(List<Map<String, String>> rows, Predicate<Map<String, String>> test) {
        return rows.stream().filter(test).findFirst().orElse(null);
    }

    /**
     * The sweep's runs of {@code server} on Liberty (or on node, the reference's) at {@code connections} sockets and
     * {@code offers} offers: one per round (tracker.sh's interleaved rounds), one in results from before the rounds.
     */
    static List<Map<String, String>> sweepRuns(List<Map<String, String>> tracker, String server, int connections, int offers) {
        return sweepRuns(tracker, server, "liberty", connections, offers);
    }

    /** The same on {@code runtime} ("liberty", "wildfly", "payara"; results without a runtime are Liberty's). */
    static List<Map<String, String>> sweepRuns(List<Map<String, String>> tracker, String server, String runtime, int connections, int offers) {
        return tracker.stream().filter(r -> server.equals(r.get("server")) && onRuntime(r, runtime)
                && number(r, "connections") == connections && (offers == ANY_OFFERS || number(r, "offers") == offers)).toList();
    }

    static boolean onRuntime(Map<String, String> row, String runtime) {
        String own = row.get("runtime");
        return own == null || own.equals("node") || own.equals(runtime);
    }

    /**
     * The sweep's median run of {@code server} at {@code connections} and {@code offers}, by frames/s (of an even
     * number of rounds, the lower middle one), or null: the other figures of a table row (latencies, errors) are that
     * run's.
     */
    static Map<String, String> sweepRun(List<Map<String, String>> tracker, String server, int connections, int offers) {
        return medianRun(sweepRuns(tracker, server, connections, offers), "framesPerSecond");
    }

    static Map<String, String> medianRun(List<Map<String, String>> runs, String field) {
        List<Map<String, String>> sorted = runs.stream().sorted(Comparator.comparingDouble(r -> number(r, field))).toList();
        return sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
    }

    /** "median" alone for one run, else "median (min–max)", of {@code field} over {@code runs}; "–" for none. */
    static String medianAndRange(List<Map<String, String>> runs, String field, String pattern) {
        if (runs.isEmpty()) {
            return "–";
        }
        double[] values = runs.stream().mapToDouble(r -> number(r, field)).sorted().toArray();
        String median = fmt(number(medianRun(runs, field), field), pattern);
        return values.length == 1 ? median
                : median + " (" + fmt(values[0], pattern) + "–" + fmt(values[values.length - 1], pattern) + ")";
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--cluster")) {
            ClusterReport.splice(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        if (args.length > 0 && args[0].equals("--jdk")) {
            JdkReport.splice(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        Path results = Path.of(args[0]);
        Path docs = Path.of(args[1]);
        Files.createDirectories(docs);
        List<Map<String, String>> tracker = runs(read(results.resolve("tracker.jsonl")));
        List<Map<String, String>> turn = runs(read(results.resolve("turn.jsonl")));
        List<Map<String, String>> soak = read(results.resolve("soak.jsonl"));
        String machine = Files.exists(results.resolve("machine.txt")) ? Files.readString(results.resolve("machine.txt")) : "";
        if (!tracker.isEmpty()) {
            chart(tracker, docs.resolve("benchmarks-tracker.png"));
        }
        Path findings = docs.resolve("benchmarks-findings.md");
        String notes = Files.exists(findings) ? "\n" + Files.readString(findings) : "";
        List<Map<String, String>> memory = read(results.resolve("memory.jsonl"));
        Files.writeString(docs.resolve("benchmarks.md"), markdown(machine, tracker, turn, soak, memory) + SoakMemory.describe(results)
                + JdkReport.describe(results, docs) + ClusterReport.describe(results, docs) + notes);
        MemoryReport.splice(results, docs);
        System.out.println("wrote " + docs.resolve("benchmarks.md"));
    }

    /** The results without the scripts' bookkeeping lines (uptime at the start and end of a run). */
    static List<Map<String, String>> runs(List<Map<String, String>> rows) {
        return rows.stream().filter(r -> !String.valueOf(r.get("server")).startsWith("uptime")).toList();
    }

    /**
     * A table caption's JDK line: the JDK of the Liberty servers as the results recorded it ({@code serverJdk}, read
     * from the running server's /proc/PID/exe), with their JVM_ARGS and the load generator's JDK; for results from
     * before the scripts recorded it, machine.txt's java, and that it was not recorded.
     */
    static String jdkNote(List<Map<String, String>> rows, String machine, String servers, String tail) {
        TreeSet<String> jdks = new TreeSet<>();
        TreeSet<String> jvmArgs = new TreeSet<>();
        rows.stream().filter(r -> r.get("serverJdk") != null && !r.get("serverJdk").startsWith("none")).forEach(r -> {
            jdks.add(r.get("serverJdk"));
            if (r.get("serverJvmArgs") != null) {
                jvmArgs.add("`" + r.get("serverJvmArgs") + "`");
            }
        });
        String generator = rows.stream().map(r -> r.get("generatorJdk")).filter(j -> j != null).findFirst().orElse(null);
        if (jdks.isEmpty()) {
            return "JDK: not recorded by this run (it predates the scripts recording the servers' JDK); machine.txt's `java`, the\n"
                    + "default on the PATH, was " + machineLine(machine, "java:") + tail + ".\n";
        }
        return "JDK: " + servers + " on " + String.join(" and ", jdks) + (jvmArgs.isEmpty() ? "" : " (JVM_ARGS " + String.join(", ", jvmArgs) + ")")
                + (generator == null ? "" : "; the load generator on " + generator) + tail + ".\n";
    }

    /** The value of machine.txt's line starting with {@code prefix}, or "?". */
    static String machineLine(String machine, String prefix) {
        return machine.lines().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()).strip()).orElse("?");
    }

    /**
     * How many interleaved rounds the figures are the medians of (tracker.sh's "round" field), or that each is a single
     * run (results from before the rounds).
     */
    static String roundsNote(List<Map<String, String>> tracker) {
        int rounds = (int) tracker.stream().mapToDouble(r -> number(r, "round")).filter(v -> !Double.isNaN(v)).max().orElse(1);
        return rounds <= 1 ? "Each figure is one run.\n"
                : "Each frames/s is the median of " + rounds + " interleaved rounds (every server once per round, the order rotated\n"
                + "from round to round), with the lowest and highest round in brackets; ratios are of the medians, and a row's\n"
                + "latencies, errors and generator CPU are those of its median run.\n";
    }

    static String fmt(double value, String pattern) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, pattern, value);
    }

    static String markdown(String machine, List<Map<String, String>> tracker, List<Map<String, String>> turn,
                           List<Map<String, String>> soak, List<Map<String, String>> memory) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\nGenerated by the benchmark scripts (`src/test/bench/*.sh`) from their results in\n")
                .append("`target/bench/`; every figure below was measured on the machine described here, by the three\n")
                .append("scripts run one after another, each comparing its servers side by side in the same run.\n\n")
                .append("## Machine\n\n```\n").append(machine.strip()).append("\n```\n\n");
        if (!tracker.isEmpty()) {
            md.append("## Tracker\n\n`src/test/bench/tracker.sh`: each server on core 0 (`taskset -c 0`), the Java load generator\n")
                    .append("(`dev.rendezvous.bench.TrackerLoad`) on core 1; peers spread over N/10 rooms; 8 announces in flight\n")
                    .append("per socket without offers, 1 with 5 offers (each such announce sets 11 frames in motion: the response,\n")
                    .append("5 offers, 5 answers); every offer answered. Frames/s is what the generator received (aquatic_ws' metric).\n")
                    .append("Two echo endpoints run on the same Liberty: the echo answers on the receiving thread through the\n")
                    .append("blocking basic remote (the container's ceiling); the async echo answers the way the tracker must,\n")
                    .append("through the async remote with one send in flight per session (why: docs/benchmarks-findings.md).\n")
                    .append(roundsNote(tracker))
                    .append(jdkNote(tracker, machine, "Liberty (Rendezvous and the echo endpoints)", "; the reference runs on node")).append("\n")
                    .append("![frames per second against connections](benchmarks-tracker.png)\n\n")
                    .append("| Connections | Offers | Reference frames/s | Rendezvous frames/s | Ratio | Echo frames/s | Rendezvous / echo | Async echo frames/s | Rendezvous / async echo | Rendezvous announce p50 / p99 ms | Rendezvous errors / sockets closed | Generator CPU % |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            TreeSet<Integer> connections = new TreeSet<>();
            tracker.forEach(r -> connections.add((int) number(r, "connections")));
            for (int n : connections) {
                for (int k : new int[]{0, 5}) {
                    Map<String, String> ref = sweepRun(tracker, "reference", n, k);
                    Map<String, String> rdv = sweepRun(tracker, "rendezvous", n, k);
                    Map<String, String> echo = sweepRun(tracker, "echo", n, ANY_OFFERS);
                    Map<String, String> async = sweepRun(tracker, "echo-async", n, ANY_OFFERS);
                    if (ref == null && rdv == null) {
                        continue;
                    }
                    double ratio = number(rdv, "framesPerSecond") / number(ref, "framesPerSecond");
                    double ofEcho = number(rdv, "framesPerSecond") / number(echo, "framesPerSecond");
                    double ofAsync = number(rdv, "framesPerSecond") / number(async, "framesPerSecond");
                    md.append(String.format(Locale.ROOT, "| %,d | %d | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s |\n", n, k,
                            medianAndRange(sweepRuns(tracker, "reference", n, k), "framesPerSecond", "%,.0f"),
                            medianAndRange(sweepRuns(tracker, "rendezvous", n, k), "framesPerSecond", "%,.0f"),
                            fmt(ratio, "%.2fx"), medianAndRange(sweepRuns(tracker, "echo", n, ANY_OFFERS), "framesPerSecond", "%,.0f"),
                            fmt(ofEcho * 100, "%.0f %%"),
                            medianAndRange(sweepRuns(tracker, "echo-async", n, ANY_OFFERS), "framesPerSecond", "%,.0f"), fmt(ofAsync * 100, "%.0f %%"),
                            fmt(number(rdv, "announceP50Ms"), "%.2f"), fmt(number(rdv, "announceP99Ms"), "%.2f"),
                            fmt(number(rdv, "errors"), "%.0f"), fmt(number(rdv, "closed"), "%.0f"),
                            fmt(number(rdv, "generatorCpuPercent"), "%.0f")));
                }
            }
            Map<String, String> half = find(tracker, r -> "rendezvous-half-load".equals(r.get("server")) && onRuntime(r, "liberty"));
            if (half != null) {
                md.append(String.format(Locale.ROOT, "\nAt half of Rendezvous' saturation (1,000 connections, 5 offers, %,.0f announces/s offered, open loop):\n"
                                + "offer delivery p50 %.2f ms, p99 %.2f ms; announce round trip p50 %.2f ms, p99 %.2f ms.\n",
                        number(half, "rate"), number(half, "offerP50Ms"), number(half, "offerP99Ms"),
                        number(half, "announceP50Ms"), number(half, "announceP99Ms")));
            }
            md.append("\nMemory per idle socket, as live heap and native memory beside the reference's: its own section below (`memory.sh`).\n");
        }
        if (!turn.isEmpty()) {
            md.append("\n## TURN\n\n`src/test/bench/turn.sh`: coturn's `turnutils_uclient` (client to client, channels, REST credentials)\n")
                    .append("against Rendezvous and against coturn's `turnserver`, each on core 0, uclient on core 1. Each client sends a\n")
                    .append("message every 5 ms once it starts (uclient staggers the starts over 1 to 6 s, after connecting its clients one\n")
                    .append("pair at a time). CPU per message is the server's utime+stime over the whole run, connect phase included, divided\n")
                    .append("by the messages the clients received. Steady packets/s is the median per-second rate received over the seconds\n")
                    .append("within 10 % of the busiest one, and the server's CPU is its share of core 0 over those seconds. Drops are the\n")
                    .append("datagrams the kernel dropped at the receive buffers of the server's and of uclient's sockets (`ss`).\n")
                    .append(jdkNote(turn, machine, "Rendezvous' Liberty", "; coturn and uclient are C")).append("\n")
                    .append("| Server | Load | Sent | Received | Loss % | Avg RTT ms | Server CPU µs/msg | Steady packets/s | Server CPU % (steady) | Drops server / client | UdpRcvbufErrors |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map<String, String> r : turn) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2f | %s | %s | %,.0f | %s | %s / %s | %.0f |\n", r.get("server"),
                        r.get("load"), number(r, "sent"), number(r, "received"), number(r, "lossPercent"), fmt(number(r, "rttMs"), "%.2f"),
                        fmt(number(r, "cpuMicrosPerMessage"), "%.1f"), number(r, "packetsPerSecond"), fmt(number(r, "serverCpuPercentSteady"), "%.0f"),
                        fmt(number(r, "serverDrops"), "%,.0f"), fmt(number(r, "clientDrops"), "%,.0f"), number(r, "rcvbufErrors")));
            }
            md.append("\nThe knee is the highest offered load each server carried with at most 1 % loss: ");
            for (String server : new String[]{"rendezvous", "coturn"}) {
                Map<String, String> best = knee(turn, server);
                Map<String, String> beyond = kneeRuns(turn, server).filter(r -> number(r, "lossPercent") > 1).findFirst().orElse(null);
                md.append(String.format(Locale.ROOT, "%s %s (%,.0f messages/s steady)%s", server,
                        best == null ? "none" : best.get("load").replace("knee: ", "`") + "`", number(best, "packetsPerSecond"),
                        beyond == null ? ", never lost more than 1 % up to the largest load tried"
                                : String.format(Locale.ROOT, ", and lost %.1f %% at the next load (dropped by the server %,.0f, by the clients %,.0f)",
                                number(beyond, "lossPercent"), number(beyond, "serverDrops"), number(beyond, "clientDrops"))));
                md.append("rendezvous".equals(server) ? "; " : ".\n");
            }
        }
        md.append(targets(tracker, turn, soak, memory));
        if (!soak.isEmpty()) {
            Map<String, String> last = soak.get(soak.size() - 1);
            md.append("\n## Soak\n\n`src/test/bench/soak.sh`: mixed tracker and TURN load, then every client leaves.\n\n");
            md.append(String.format(Locale.ROOT, "Duration %.0f s; RSS slope over the last half %.1f KiB/min (first half %.1f KiB/min); "
                            + "unrequested error frames %.0f; after all clients left: %.0f sockets, %.0f rooms, %.0f peers, %.0f allocations.\n",
                    number(last, "seconds"), number(last, "rssSlopeLastHalfKbPerMin"), number(last, "rssSlopeFirstHalfKbPerMin"),
                    number(last, "errors"), number(last, "socketsAfter"), number(last, "roomsAfter"), number(last, "peersAfter"),
                    number(last, "allocationsAfter")));
        }
        return md.toString();
    }

    /** The issue's targets, each with what was measured and whether it is met. */
    static String targets(List<Map<String, String>> tracker, List<Map<String, String>> turn, List<Map<String, String>> soak,
                          List<Map<String, String>> memory) {
        StringBuilder md = new StringBuilder("\n## Targets\n\n| Target | Measured | Met |\n|---|---|---|\n");
        for (int k : new int[]{0, 5}) {
            Map<String, String> ref = sweepRun(tracker, "reference", 1000, k);
            Map<String, String> rdv = sweepRun(tracker, "rendezvous", 1000, k);
            double ratio = number(rdv, "framesPerSecond") / number(ref, "framesPerSecond");
            row(md, "Tracker: >= 1.6x bittorrent-tracker's frames/s at 1,000 connections, " + k + " offers", fmt(ratio, "%.2fx"), ratio >= 1.6);
        }
        Map<String, String> asyncEcho = sweepRun(tracker, "echo-async", 1000, ANY_OFFERS);
        for (int k : new int[]{0, 5}) {
            double ofAsync = number(sweepRun(tracker, "rendezvous", 1000, k), "framesPerSecond") / number(asyncEcho, "framesPerSecond");
            row(md, "Tracker: >= 90 % of the async echo endpoint's frames/s at 1,000 connections, " + k + " offers",
                    fmt(ofAsync * 100, "%.0f %%"), ofAsync >= 0.9);
        }
        Map<String, String> rdv0 = sweepRun(tracker, "rendezvous", 1000, 0);
        Map<String, String> echo = sweepRun(tracker, "echo", 1000, ANY_OFFERS);
        double ofEcho = number(rdv0, "framesPerSecond") / number(echo, "framesPerSecond");
        row(md, "Tracker: >= 80 % of the echo endpoint's frames/s (1,000 connections)", fmt(ofEcho * 100, "%.0f %%"), ofEcho >= 0.8);
        Map<String, String> half = find(tracker, r -> "rendezvous-half-load".equals(r.get("server")) && onRuntime(r, "liberty"));
        row(md, "Tracker: p99 offer delivery < 10 ms at half of saturation", fmt(number(half, "offerP99Ms"), "%.1f ms"),
                number(half, "offerP99Ms") < 10);
        Map<String, String> idle = MemoryReport.targetRun(memory, "rendezvous");
        Map<String, String> reference = MemoryReport.targetRun(memory, "reference");
        double live = idle == null ? Double.NaN : MemoryReport.liveBytes(idle);
        row(md, "Tracker: <= 8 KiB live heap + native per idle socket at 10,000 sockets (announced once)",
                fmt(live / 1024, "%.1f KiB") + " (bittorrent-tracker: " + fmt(reference == null ? Double.NaN
                        : MemoryReport.liveBytes(reference) / 1024, "%.1f KiB") + ")", live <= MemoryReport.TARGET_BYTES);
        Map<String, String> ours = medianFixed(turn, "rendezvous");
        Map<String, String> theirs = medianFixed(turn, "coturn");
        row(md, "TURN: CPU per relayed message <= coturn's at the fixed load with 0 loss (median of the runs)",
                fmt(number(ours, "cpuMicrosPerMessage"), "%.1f µs") + " vs " + fmt(number(theirs, "cpuMicrosPerMessage"), "%.1f µs"),
                number(ours, "cpuMicrosPerMessage") <= number(theirs, "cpuMicrosPerMessage") && number(ours, "lossPercent") == 0);
        List<Double> ourRuns = turn.stream().filter(r -> "rendezvous".equals(r.get("server")) && r.get("load").startsWith("fixed"))
                .map(r -> number(r, "cpuMicrosPerMessage")).toList();
        long atOrBelow = ourRuns.stream().filter(us -> us <= number(theirs, "cpuMicrosPerMessage")).count();
        row(md, "TURN: CPU per relayed message at or below coturn's (its median) in every fixed-load run",
                atOrBelow + " of " + ourRuns.size() + " runs", !ourRuns.isEmpty() && atOrBelow == ourRuns.size());
        double ourKnee = number(knee(turn, "rendezvous"), "packetsPerSecond");
        double theirKnee = number(knee(turn, "coturn"), "packetsPerSecond");
        row(md, "TURN: knee at or above coturn's", fmt(ourKnee, "%,.0f") + " vs " + fmt(theirKnee, "%,.0f") + " messages/s", ourKnee >= theirKnee);
        if (!soak.isEmpty()) {
            Map<String, String> last = soak.get(soak.size() - 1);
            boolean zero = number(last, "socketsAfter") == 0 && number(last, "roomsAfter") == 0 && number(last, "peersAfter") == 0
                    && number(last, "allocationsAfter") == 0;
            row(md, "Soak: no RSS growth in the last half, no unrequested errors, zero state after",
                    fmt(number(last, "rssSlopeLastHalfKbPerMin"), "%.0f KiB/min") + ", " + fmt(number(last, "errors"), "%.0f") + " errors, "
                            + (zero ? "all zero" : "not zero"),
                    Math.abs(number(last, "rssSlopeLastHalfKbPerMin")) < 1024 && number(last, "errors") == 0 && zero);
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }

    /** The fixed-load run with the median CPU per message: one run's noise is about 10 % on these machines. */
    static Map<String, String> medianFixed(List<Map<String, String>> turn, String server) {
        List<Map<String, String>> runs = turn.stream().filter(r -> server.equals(r.get("server")) && r.get("load").startsWith("fixed"))
                .sorted(Comparator.comparingDouble(r -> number(r, "cpuMicrosPerMessage"))).toList();
        return runs.isEmpty() ? null : runs.get(runs.size() / 2);
    }

    /** The knee run in which a server carried the most packets/s with at most 1 % loss, or null. */
    static Map<String, String> knee(List<Map<String, String>> turn, String server) {
        return kneeRuns(turn, server).filter(r -> number(r, "lossPercent") <= 1)
                .max(Comparator.comparingDouble(r -> number(r, "packetsPerSecond"))).orElse(null);
    }

    private static Stream<Map<String, String>> kneeRuns(List<Map<String, String>> turn, String server) {
        return turn.stream().filter(r -> server.equals(r.get("server")) && r.get("load").startsWith("knee"));
    }

    static void chart(List<Map<String, String>> rows, Path png) throws IOException {
        int width = 900;
        int height = 520;
        int left = 90;
        int right = 220;
        int top = 40;
        int bottom = 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        // Each point is the median of its rounds (Liberty's and the reference's runs).
        Map<String, Map<Integer, List<Double>>> rounds = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            String server = r.get("server");
            if (!List.of("reference", "rendezvous", "echo", "echo-async").contains(server) || !onRuntime(r, "liberty")) {
                continue;
            }
            String name = switch (server) {
                case "echo" -> "echo endpoint";
                case "echo-async" -> "async echo endpoint";
                default -> server + ", " + (int) number(r, "offers") + " offers";
            };
            rounds.computeIfAbsent(name, k -> new java.util.TreeMap<>())
                    .computeIfAbsent((int) number(r, "connections"), k -> new ArrayList<>()).add(number(r, "framesPerSecond"));
        }
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        double max = 1;
        TreeSet<Integer> xs = new TreeSet<>();
        for (Map.Entry<String, Map<Integer, List<Double>>> entry : rounds.entrySet()) {
            for (Map.Entry<Integer, List<Double>> point : entry.getValue().entrySet()) {
                List<Double> values = point.getValue().stream().sorted().toList();
                double median = values.get((values.size() - 1) / 2);
                series.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(new double[]{point.getKey(), median});
                max = Math.max(max, median);
                xs.add(point.getKey());
            }
        }
        double step = Math.pow(10, Math.floor(Math.log10(max)));
        double yMax = Math.ceil(max * 1.1 / step) * step;
        double logMin = Math.log10(xs.isEmpty() ? 100 : xs.first());
        double logMax = Math.log10(xs.isEmpty() ? 10000 : Math.max(xs.last(), xs.first() * 10));
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(new Color(0xDDDDDD));
        for (int i = 0; i <= 5; i++) {
            int y = top + plotH - i * plotH / 5;
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%,.0f", yMax * i / 5), 10, y + 5);
            g.setColor(new Color(0xDDDDDD));
        }
        g.setColor(Color.DARK_GRAY);
        for (int x : xs) {
            int px = left + (int) ((Math.log10(x) - logMin) / (logMax - logMin) * plotW);
            g.drawString(String.format(Locale.ROOT, "%,d", x), px - 15, top + plotH + 20);
        }
        g.drawString("connections (log scale)", left + plotW / 2 - 70, height - 15);
        g.drawString("frames received per second (one server core)", left, 25);
        Color[] colors = {new Color(0x888888), new Color(0xBBBBBB), new Color(0x2B6DE8), new Color(0x7FA8F0), new Color(0xE08A00), new Color(0x2E9E4F)};
        int index = 0;
        g.setStroke(new BasicStroke(2.5f));
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            g.setColor(colors[index % colors.length]);
            int[] px = new int[entry.getValue().size()];
            int[] py = new int[px.length];
            for (int i = 0; i < px.length; i++) {
                double[] point = entry.getValue().get(i);
                px[i] = left + (int) ((Math.log10(point[0]) - logMin) / (logMax - logMin) * plotW);
                py[i] = top + plotH - (int) (point[1] / yMax * plotH);
                g.fillOval(px[i] - 4, py[i] - 4, 8, 8);
            }
            g.drawPolyline(px, py, px.length);
            g.fillRect(width - right + 20, top + 10 + index * 24, 18, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(entry.getKey(), width - right + 45, top + 16 + index * 24);
            index++;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
