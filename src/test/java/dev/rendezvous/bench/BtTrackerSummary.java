package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary of bt-tracker.sh's results (target/bench/bt-tracker.jsonl) as markdown: per series and server the
 * median over the numbered rounds (and each round's figure, to show the spread), the ratios of Rendezvous to
 * opentracker and to the reference, the fixed-rate runs, and memory per peer.
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.BtTrackerSummary target/bench/bt-tracker.jsonl target/bench/machine.txt</pre>
 */
public final class BtTrackerSummary {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9.]+|true|false|null)");
    private static final List<String> SERVERS = List.of("rendezvous", "opentracker", "reference");

    private BtTrackerSummary() {
    }

    public static void main(String[] args) throws IOException {
        List<Map<String, String>> results = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith("{")) {
                results.add(fields(line));
            }
        }
        StringBuilder out = new StringBuilder();
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            out.append("```\n").append(Files.readString(Path.of(args[1]))).append("```\n\n");
        }
        for (String series : List.of("udp", "http-keepalive", "http-close")) {
            throughput(out, series, results);
        }
        rated(out, results);
        memory(out, results);
        System.out.print(out);
    }

    static Map<String, String> fields(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
        return fields;
    }

    private static void throughput(StringBuilder out, String series, List<Map<String, String>> results) {
        Map<String, List<Map<String, String>>> rounds = new LinkedHashMap<>();
        for (Map<String, String> r : results) {
            if (series.equals(r.get("series")) && r.get("round").matches("\\d+")) {
                rounds.computeIfAbsent(r.get("server"), s -> new ArrayList<>()).add(r);
            }
        }
        if (rounds.isEmpty()) {
            return;
        }
        out.append("### ").append(series).append(" (medians of ").append(rounds.values().iterator().next().size())
                .append(" rounds)\n\n")
                .append("| Server | Announces/s | Rounds | Server CPU % | CPU µs / announce | Announces per core-second "
                        + "| p50 / p99 ms | Peers per answer | Lost or timed out / errors | Generator CPU % | Load averages |\n")
                .append("|---|---:|---|---:|---:|---:|---|---:|---|---:|---|\n");
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String server : SERVERS) {
            List<Map<String, String>> rs = rounds.get(server);
            if (rs == null) {
                continue;
            }
            double rate = median(rs, "announcesPerSecond");
            double perCore = median(rs, "announcesPerCoreSecond");
            medians.put(server, new double[] {rate, perCore});
            long lost = rs.stream().mapToLong(r -> (long) num(r, "lost") + (long) num(r, "timeouts")).sum();
            long errors = rs.stream().mapToLong(r -> (long) num(r, "errors")).sum();
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %.0f | %.2f | %,.0f | %.2f / %.2f | %.1f | %d / %d | %.0f | %s |\n",
                    server, rate, join(rs, "announcesPerSecond"), median(rs, "serverCpuPercent"),
                    median(rs, "serverCpuMicrosPerAnnounce"), perCore, median(rs, "p50Ms"), median(rs, "p99Ms"),
                    median(rs, "peersPerAnswer"), lost, errors, median(rs, "generatorCpuPercent"),
                    String.join(", ", rs.stream().map(r -> r.get("loadAverage").split(" ")[0]).toList())));
        }
        double[] rdv = medians.get("rendezvous");
        out.append('\n');
        for (String other : List.of("opentracker", "reference")) {
            double[] o = medians.get(other);
            if (rdv != null && o != null) {
                out.append(String.format(Locale.ROOT, "Rendezvous / %s: %.2fx announces/s, %.2fx announces per core-second.\n",
                        other, rdv[0] / o[0], rdv[1] / o[1]));
            }
        }
        out.append('\n');
    }

    private static void rated(StringBuilder out, List<Map<String, String>> results) {
        List<Map<String, String>> rated = results.stream()
                .filter(r -> "udp".equals(r.get("series")) && r.get("round").startsWith("rate-")).toList();
        if (rated.isEmpty()) {
            return;
        }
        out.append("### udp at a fixed rate (open loop, one run each)\n\n")
                .append("| Server | Offered /s | Answered /s | Server CPU % | CPU µs / announce | p50 / p90 / p99 / p99.9 ms | Lost | Load average |\n")
                .append("|---|---:|---:|---:|---:|---|---:|---|\n");
        for (Map<String, String> r : rated) {
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f | %.2f | %.3f / %.3f / %.3f / %.3f | %.0f | %s |\n",
                    r.get("server"), num(r, "rate"), num(r, "announcesPerSecond"), num(r, "serverCpuPercent"),
                    num(r, "serverCpuMicrosPerAnnounce"), num(r, "p50Ms"), num(r, "p90Ms"), num(r, "p99Ms"),
                    num(r, "p999Ms"), num(r, "lost"), r.get("loadAverage")));
        }
        out.append('\n');
    }

    private static void memory(StringBuilder out, List<Map<String, String>> results) {
        List<Map<String, String>> memory = results.stream()
                .filter(r -> "memory".equals(r.get("series")) && r.containsKey("kind")).toList();
        if (memory.isEmpty()) {
            return;
        }
        out.append("### Memory per peer (100,000 UDP peers, then 100,000 HTTP peers, 1,000 swarms each)\n\n")
                .append("| Server | Measure | Empty | + UDP peers | + HTTP peers | Per UDP peer | Per HTTP peer | RSS per UDP / HTTP peer |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, String> r : memory) {
            String measure = switch (r.get("kind")) {
                case "jvm" -> "live heap after full GC";
                case "node" -> "V8 heapUsed after gc()";
                default -> "RSS";
            };
            boolean rss = "rss".equals(r.get("kind"));
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.0f / %.0f B |\n",
                    r.get("server"), measure,
                    mb(rss ? num(r, "rssEmptyKb") * 1024 : num(r, "heapEmpty")),
                    mb(rss ? num(r, "rssUdpKb") * 1024 : num(r, "heapUdp")),
                    mb(rss ? num(r, "rssHttpKb") * 1024 : num(r, "heapHttp")),
                    bytes(rss ? num(r, "rssPerUdpPeer") : num(r, "heapPerUdpPeer")),
                    bytes(rss ? num(r, "rssPerHttpPeer") : num(r, "heapPerHttpPeer")),
                    num(r, "rssPerUdpPeer"), num(r, "rssPerHttpPeer")));
        }
        out.append('\n');
    }

    private static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String bytes(double bytes) {
        return String.format(Locale.ROOT, "**%.0f B**", bytes);
    }

    private static double num(Map<String, String> r, String field) {
        String value = r.get(field);
        return value == null || value.equals("null") ? 0 : Double.parseDouble(value);
    }

    private static double median(List<Map<String, String>> rs, String field) {
        double[] values = rs.stream().mapToDouble(r -> num(r, field)).sorted().toArray();
        int n = values.length;
        return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String join(List<Map<String, String>> rs, String field) {
        return String.join(", ", rs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", num(r, field))).toList());
    }
}
