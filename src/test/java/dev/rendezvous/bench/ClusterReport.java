package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.rendezvous.bench.BenchReport.find;
import static dev.rendezvous.bench.BenchReport.number;

/**
 * The "Cluster mode" section of docs/benchmarks.md, from the results of src/test/bench/cluster.sh
 * (target/bench/cluster.jsonl, cluster-machine.txt, cluster-logs/). {@link BenchReport} puts it before the findings
 * when it writes the whole file; {@code BenchReport --cluster target/bench docs} rewrites only this section in the
 * file as it is, so the other sections keep the figures of the runs that made them.
 */
final class ClusterReport {
    static final String HEADING = "## Cluster mode";
    private static final String FINDINGS = "## Findings";

    private ClusterReport() {
    }

    /** Replaces the section in {@code docs/benchmarks.md}, or puts it before the findings (or at the end). */
    static void splice(Path results, Path docs) throws IOException {
        Path file = docs.resolve("benchmarks.md");
        String section = describe(results, docs);
        if (section.isEmpty()) {
            System.out.println("no " + results.resolve("cluster.jsonl") + "; " + file + " left as it is");
            return;
        }
        ReportSections.splice(file, HEADING, section, FINDINGS);
        System.out.println("wrote the cluster section of " + file);
    }

    /**
     * The section, starting with an empty line, or "" without results; it ends with docs/benchmarks-cluster-notes.md,
     * written by hand from the run, when there is one.
     */
    static String describe(Path results, Path docs) throws IOException {
        List<Map<String, String>> rows = BenchReport.read(results.resolve("cluster.jsonl"));
        if (rows.isEmpty()) {
            return "";
        }
        Path machineFile = results.resolve("cluster-machine.txt");
        List<String> machine = Files.exists(machineFile) ? Files.readAllLines(machineFile) : List.of();
        String jdk = BenchReport.jdkNote(rows, String.join("\n", machine), "the Liberty nodes", "").strip().replaceFirst("^JDK: ", "")
                .replaceFirst("\\.$", "").replace("\n", " ");
        String pinning = line(machine, "pinning:");
        String redis = line(machine, "redis:");
        Map<String, String> start = find(rows, r -> "uptime".equals(r.get("part")) && "start".equals(r.get("when")));
        Map<String, String> end = find(rows, r -> "uptime".equals(r.get("part")) && "end".equals(r.get("when")));
        String about = String.format(Locale.ROOT, "JDK: %s; %s; Redis %s", jdk, pinning.replace("pinning: ", ""), redis.replace("redis: ", ""));

        StringBuilder md = new StringBuilder("\n").append(HEADING).append("\n\n");
        md.append("`src/test/bench/cluster.sh`, one run (").append(line(machine, "date:").replace("date: ", "").strip())
                .append(end == null ? "" : String.format(Locale.ROOT, ", %.0f s", number(end, "seconds"))).append("): ")
                .append(about).append(".\nEvery Liberty node and `redis-server` (started by the script with `--save '' --appendonly no`) ")
                .append("run on the server cores,\nsince Redis is part of the server side; the Java load generator and the recovery probe on the load ")
                .append("cores.\n**On this 2-core machine the nodes and Redis share one core: several nodes measure the overhead of cluster ")
                .append("mode, not\nits scale.** Load average (`uptime`) at the start: ").append(loadOf(start)).append("; at the end: ")
                .append(loadOf(end)).append("; each run below also gives the 1-minute load average at its end. The load average\n")
                .append("counts the benchmark's own threads waiting for the server cores, so during the run it says little about other\n")
                .append("work on the machine.\n");

        single(md, rows, about);
        twoNodes(md, rows, about);
        redisCost(md, rows, about);
        recovery(md, rows, about);
        logs(md, rows, results);
        Path notes = docs.resolve("benchmarks-cluster-notes.md");
        if (Files.exists(notes)) {
            md.append("\n").append(Files.readString(notes).strip()).append("\n");
        }
        return md.toString();
    }

    private static void single(StringBuilder md, List<Map<String, String>> rows, String about) {
        md.append("\n### One node, cluster mode off and on (measured)\n\n")
                .append("The same Liberty node configuration (two copies of the benchmark server, both running through this part, the\n")
                .append("idle one untouched), once without `RENDEZVOUS_CLUSTER_REDIS_URI` and once with it pointing at the script's Redis\n")
                .append("(a single-node cluster: every offer target is local; every announce with offers runs `announce.lua`, and so does\n")
                .append("one without offers unless it changes nothing the cluster holds and the room's counts from Redis are under a second\n")
                .append("old: the steady re-announces of K = 0 mostly cost no round trip). 1,000 sockets over 100\n")
                .append("rooms, 8 announces in flight per socket without offers, 1 with 5, as tracker.sh; off and on alternately, the\n")
                .append("order flipped every round; unrecorded warm-up runs per node first (10 s without offers, 15 s with: C2 takes\n")
                .append("tens of seconds of a shared core before a node runs at speed). Server CPU is the node's and\n")
                .append("Redis' together (% of one core); the node's CPU per announce is derived from it, less Redis' share. A node whose Redis call takes longer than the command timeout (1 s by\n")
                .append("default) answers from its own peers instead: \"on, past 1 s\" counts the announces whose round trip took 1 s or\n")
                .append("more, and the offers the node counted as `engine-unavailable` (sent to its own peers only). ").append(about).append(".\n\n")
                .append("| Offers | Round | Off frames/s | On frames/s | On / off | Off announce p50 / p99 ms | On announce p50 / p99 ms | On, past 1 s: announces / offers | Off server CPU % | On server CPU % (Redis) | Node CPU µs per announce off / on (derived) | Load at end off / on |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int k : new int[]{0, 5}) {
            for (int round = 1; round < 100; round++) {
                int r = round;
                Map<String, String> off = find(rows, x -> isSingle(x, "off", k) && number(x, "round") == r);
                Map<String, String> on = find(rows, x -> isSingle(x, "on", k) && number(x, "round") == r);
                if (off == null && on == null) {
                    break;
                }
                md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s | %s (%s) | %s / %s | %s / %s |\n", k, round,
                        fmt(number(off, "framesPerSecond"), "%,.0f"), fmt(number(on, "framesPerSecond"), "%,.0f"),
                        fmt(number(on, "framesPerSecond") / number(off, "framesPerSecond") * 100, "%.0f %%"),
                        fmt(number(off, "announceP50Ms"), "%.0f"), fmt(number(off, "announceP99Ms"), "%.0f"),
                        fmt(number(on, "announceP50Ms"), "%.0f"), fmt(number(on, "announceP99Ms"), "%.0f"),
                        fmt(number(on, "announcesOverSecond"), "%,.0f"), fmt(number(on, "dDroppedEngineUnavailable"), "%,.0f"),
                        fmt(number(off, "serverCpuPercent"), "%.0f"), fmt(number(on, "serverCpuPercent"), "%.0f"),
                        fmt(redisPercent(on), "%.0f"), fmt(nodeMicros(off), "%.0f"), fmt(nodeMicros(on), "%.0f"),
                        load1(off), load1(on)));
            }
        }
        md.append("\n| Target | Median off frames/s | Median on frames/s | Measured (ratio of the medians; per-round range) | Met |\n|---|---:|---:|---|---|\n");
        for (int k : new int[]{0, 5}) {
            double off = median(rows, x -> isSingle(x, "off", k), "framesPerSecond");
            double on = median(rows, x -> isSingle(x, "on", k), "framesPerSecond");
            double[] ratios = ratios(rows, k);
            md.append(String.format(Locale.ROOT, "| Cluster mode on >= 80 %% of off, 1,000 sockets, %d offers | %s | %s | %s (%s to %s) | %s |\n", k,
                    fmt(off, "%,.0f"), fmt(on, "%,.0f"), fmt(on / off * 100, "%.0f %%"),
                    fmt(ratios.length == 0 ? Double.NaN : ratios[0] * 100, "%.0f %%"),
                    fmt(ratios.length == 0 ? Double.NaN : ratios[ratios.length - 1] * 100, "%.0f %%"), on / off >= 0.8 ? "yes" : "**no**"));
        }
    }

    private static void twoNodes(StringBuilder md, List<Map<String, String>> rows, String about) {
        List<Map<String, String>> runs = rows.stream().filter(r -> String.valueOf(r.get("part")).startsWith("two-nodes")).toList();
        Map<String, String> half = find(rows, r -> "two-nodes-half-load".equals(r.get("part")));
        if (runs.isEmpty()) {
            return;
        }
        md.append("\n### Two nodes: offer delivery within a node and across nodes (measured)\n\n")
                .append("Two Liberty nodes on Redis, the generator's 1,000 sockets alternating between them within every room (100\n")
                .append("rooms of 10: 5 peers on each node, so of an offer's 9 possible targets 4 are on the offerer's node and 5 on the\n")
                .append("other), 5 offers per announce, every offer answered. First closed loop (1 announce in flight per socket) for the\n")
                .append("cluster's saturated rate, then open loop at half of it (node B, started for this part, first warmed up alone for\n")
                .append("20 s, then both nodes for 15 s, unrecorded). An offer's latency is from the offerer's send to the\n")
                .append("receiver's socket (one generator process, one clock); same node = offerer and receiver connected to the same\n")
                .append("node (delivered in the node), cross node = through `announce.lua`'s PUBLISH and the other node's subscription.\n")
                .append("Offers sent and received are whole-run totals; the first announce into a room of fewer than 6 peers has fewer\n")
                .append("than 5 targets, which accounts for 1,500 offers here (100 rooms × (5+4+3+2+1)); every offer received is\n")
                .append("answered, so answers received short of offers received are answers lost on the way. The nodes' counters over\n")
                .append("each run: offers a node sent to its own peers only because Redis did not answer within the command timeout\n")
                .append("(`engine-unavailable`) and answers it could not route (`answers_unrouted`: the offerer's node was not known in\n")
                .append("time, or this node was cut off from Redis). Saturation is the mean of the two closed-loop runs. ").append(about).append(".\n\n")
                .append("| Run | Announces/s | Frames/s | Announce p50 / p99 ms (≥ 1 s) | Same-node offers: count, p50 / p99 ms | Cross-node offers: count, p50 / p99 ms | Offers sent / received (missing beyond the 1,500) | Answers received (lost) | Nodes: engine-unavailable offers / unrouted answers | Server CPU % (2 nodes + Redis) | Load at end |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, String> r : runs) {
            String name = "two-nodes-saturated".equals(r.get("part")) ? String.format(Locale.ROOT, "saturated (closed loop), run %.0f", number(r, "trial"))
                    : String.format(Locale.ROOT, "half of saturation (%,.0f announces/s offered)", number(r, "rate"));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s / %s (%s) | %s: %s / %s | %s: %s / %s | %s / %s (%s) | %s (%s) | %s / %s | %s | %s |\n", name,
                    fmt(number(r, "announcesPerSecond"), "%,.0f"), fmt(number(r, "framesPerSecond"), "%,.0f"), fmt(number(r, "announceP50Ms"), "%.2f"),
                    fmt(number(r, "announceP99Ms"), "%.2f"), fmt(number(r, "announcesOverSecond"), "%,.0f"), fmt(number(r, "offersSame"), "%,.0f"),
                    fmt(number(r, "offerSameP50Ms"), "%.2f"), fmt(number(r, "offerSameP99Ms"), "%.2f"), fmt(number(r, "offersCross"), "%,.0f"),
                    fmt(number(r, "offerCrossP50Ms"), "%.2f"), fmt(number(r, "offerCrossP99Ms"), "%.2f"), fmt(number(r, "offersSent"), "%,.0f"),
                    fmt(number(r, "offersReceived"), "%,.0f"), fmt(number(r, "offersSent") - number(r, "offersReceived") - 1500, "%,.0f"),
                    fmt(number(r, "answersReceived"), "%,.0f"), fmt(number(r, "offersReceived") - number(r, "answersReceived"), "%,.0f"),
                    fmt(number(r, "dDroppedEngineUnavailable"), "%,.0f"), fmt(number(r, "dAnswersUnrouted"), "%,.0f"),
                    fmt(number(r, "serverCpuPercent"), "%.0f"), load1(r)));
        }
        if (half != null) {
            double p99 = number(half, "offerCrossP99Ms");
            md.append("\n| Target | Measured | Met |\n|---|---|---|\n")
                    .append(String.format(Locale.ROOT, "| Cross-node offer delivery p99 < 10 ms at half of saturation | %s (same node: %s) | %s |\n",
                            fmt(p99, "%.2f ms"), fmt(number(half, "offerSameP99Ms"), "%.2f ms"), p99 < 10 ? "yes" : "**no**"));
            md.append(String.format(Locale.ROOT, "\nAt half of the saturated rate the server core was already %s %% busy (two nodes and Redis), while at saturation\n"
                            + "the same core carried twice the announces: the CPU per announce is not constant with the load, and half the\n"
                            + "saturated rate is not half the CPU.\n",
                    fmt(number(half, "serverCpuPercent"), "%.0f")));
        }
    }

    private static void redisCost(StringBuilder md, List<Map<String, String>> rows, String about) {
        List<Object[]> sources = new ArrayList<>();
        for (int k : new int[]{0, 5}) {
            sources.add(new Object[]{"one node, " + k + " offers, saturated (all rounds)", rows.stream().filter(x -> isSingle(x, "on", k)).toList(), k});
        }
        List<Map<String, String>> saturated = rows.stream().filter(r -> "two-nodes-saturated".equals(r.get("part"))).toList();
        if (!saturated.isEmpty()) {
            sources.add(new Object[]{"two nodes, 5 offers, saturated (both runs)", saturated, 5});
        }
        rows.stream().filter(r -> "two-nodes-half-load".equals(r.get("part"))).findFirst()
                .ifPresent(r -> sources.add(new Object[]{"two nodes, 5 offers, half load (fixed rate)", List.of(r), 5}));
        md.append("\n### Redis' work per announce (measured) and how many nodes one Redis could carry (derived)\n\n")
                .append("Measured: Redis' `INFO commandstats` (EVALSHA calls and `usec`) and `INFO cpu` (`used_cpu_user` + `used_cpu_sys`,\n")
                .append("the whole process: network, scripts, pub/sub) read by the generator at the start and end of each measurement,\n")
                .append("over the announces the generator got answers to in it (an answer to an offer on another node costs one more\n")
                .append("script, `route.lua`, and `announce.lua` too for an answerer not yet in the room as the cluster holds it). The\n")
                .append("EVALSHA `usec` are wall-clock time inside the\n")
                .append("script, which on a core shared with the nodes includes time Redis was preempted: the CPU figure is the one to\n")
                .append("count by. Derived, not measured: one Redis core's announces/s = 1,000,000 µs / Redis CPU µs per announce (Redis\n")
                .append("runs commands on one thread); nodes one Redis carries = that / one node's announces/s in cluster mode at the same\n")
                .append("K (the median of part 1's \"on\" runs: a node saturated on a core it shares with Redis). It assumes Redis' cost\n")
                .append("per announce stays as measured as nodes are added (more cross-node offers cost more PUBLISH and `route.lua`).\n")
                .append("Redis' CPU per announce is lower when it is busier (more commands per pass of its event loop), so the\n")
                .append("saturated runs give the lower figure and the fixed-rate run the higher one.\n")
                .append(about).append(".\n\n")
                .append("| Measured over | Announces | EVALSHA per announce | EVALSHA µs per call | Redis CPU µs per announce | Redis CPU % | One Redis core: announces/s (derived) | One node: announces/s (measured) | Nodes per Redis (derived) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Object[] source : sources) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> runs = (List<Map<String, String>>) source[1];
            if (runs.isEmpty()) {
                continue;
            }
            int k = (int) source[2];
            double announces = sum(runs, "announcesMeasured");
            double calls = sum(runs, "redisEvalshaCalls");
            double usec = sum(runs, "redisEvalshaUsec");
            double cpuMs = sum(runs, "redisCpuMs");
            double seconds = sum(runs, "duration");
            double cpuPerAnnounce = cpuMs * 1000 / announces;
            double capacity = 1e6 / cpuPerAnnounce;
            double node = median(rows, x -> isSingle(x, "on", k), "announcesPerSecond");
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.1f | %.1f | %.0f | %,.0f | %,.0f | %.1f |\n", source[0], announces,
                    calls / announces, usec / calls, cpuPerAnnounce, cpuMs / 10 / seconds, capacity, node, capacity / node));
        }
    }

    private static void recovery(StringBuilder md, List<Map<String, String>> rows, String about) {
        List<Map<String, String>> restarts = rows.stream().filter(r -> "redis-restart".equals(r.get("part"))).toList();
        Map<String, String> kill = find(rows, r -> "node-kill".equals(r.get("part")));
        Map<String, String> after = find(rows, r -> "after-redis-restart".equals(r.get("part")));
        if (restarts.isEmpty() && kill == null) {
            return;
        }
        md.append("\n### Recovery (measured)\n\n")
                .append("`dev.rendezvous.bench.ClusterProbe` holds peers in one room on the nodes and polls every 50 ms each node's scrape\n")
                .append("of that room (over a WebSocket to that node) and each node's `/health/ready` (the `cluster` check's `state`); the\n")
                .append("script kills and restarts, and the times are from the kill or from the moment the script started `redis-server`\n")
                .append("again (it accepted connections within the \"Redis start\" time). Node timeout: the default, 10 s (heartbeat every\n")
                .append("2 s). Redis keeps nothing across the restart (`--save ''`), so \"both nodes' peers counted\" is the time until the\n")
                .append("nodes have rewritten their shares. ").append(about).append(".\n\n")
                .append("| Event | Peers held | Node A | Node B |\n|---|---:|---:|---:|\n");
        for (Map<String, String> r : restarts) {
            md.append(String.format(Locale.ROOT, "| Redis killed (-9): until /health/ready says `degraded` | %.0f per node | %s | %s |\n",
                    number(r, "peersPerNode"), msFmt(number(r, "killToDegradedMsA")), msFmt(number(r, "killToDegradedMsB"))));
            md.append(String.format(Locale.ROOT, "| Redis restarted after %.1f s down (it took %s to accept connections): until `connected` | | %s | %s |\n",
                    number(r, "downMs") / 1000, msFmt(number(r, "redisStartMs")), msFmt(number(r, "restartToConnectedMsA")),
                    msFmt(number(r, "restartToConnectedMsB"))));
            md.append(String.format(Locale.ROOT, "| … until the node's scrape counts both nodes' peers again | | %s | %s |\n",
                    msFmt(number(r, "restartToBothCountedMsA")), msFmt(number(r, "restartToBothCountedMsB"))));
        }
        if (kill != null) {
            md.append(String.format(Locale.ROOT, "| Node B killed (-9): until node A's scrape no longer counts B's peers (node timeout %.0f s) | %.0f on B | %s | (dead) |\n",
                    number(kill, "nodeTimeoutSeconds"), number(kill, "peers"), msFmt(number(kill, "killToGoneMs"))));
        }
        if (after != null) {
            md.append(String.format(Locale.ROOT, "\nAfter the Redis restarts, offers across the two nodes (200 sockets in 20 rooms, 5 offers, %,.0f announces/s, "
                            + "open loop): %,.0f cross-node and %,.0f same-node offers measured, cross-node p50 / p99 %s / %s ms; %,.0f offers sent, "
                            + "%,.0f received (300 have no target at the rooms' first announces), %,.0f answers received; the nodes counted "
                            + "%,.0f engine-unavailable offers and %,.0f unrouted answers.\n",
                    number(after, "rate"), number(after, "offersCross"), number(after, "offersSame"), fmt(number(after, "offerCrossP50Ms"), "%.2f"),
                    fmt(number(after, "offerCrossP99Ms"), "%.2f"), number(after, "offersSent"), number(after, "offersReceived"),
                    number(after, "answersReceived"), number(after, "dDroppedEngineUnavailable"), number(after, "dAnswersUnrouted")));
        }
    }

    private static void logs(StringBuilder md, List<Map<String, String>> rows, Path results) throws IOException {
        List<Map<String, String>> logs = rows.stream().filter(r -> "log".equals(r.get("part"))).toList();
        if (logs.isEmpty()) {
            return;
        }
        md.append("\nWarnings and errors in the nodes' `messages.log` over the whole run (the recovery tests cause some on purpose): ")
                .append(logs.stream().map(r -> String.format(Locale.ROOT, "%s %,.0f warnings, %,.0f errors", r.get("node"),
                        number(r, "warnings"), number(r, "errors"))).collect(Collectors.joining("; "))).append(".\n");
        Path warnings = results.resolve("cluster-logs/warnings.txt");
        if (Files.exists(warnings)) {
            Map<String, Integer> distinct = new LinkedHashMap<>();
            for (String line : Files.readAllLines(warnings)) {
                // "<node>: [date] thread class W message": the node, the level and the message, without numbers
                String node = line.substring(0, Math.max(0, line.indexOf(':')));
                String message = line.replaceFirst("^[^:]*: \\[[^]]*\\] [0-9a-f]+ \\S+ +", "").replaceAll("\\d+", "N");
                if (message.length() > 160) {
                    message = message.substring(0, 160) + "…";
                }
                distinct.merge(node + ": " + message, 1, Integer::sum);
            }
            if (!distinct.isEmpty()) {
                md.append("\n| Node: level and message (digits as N) | Times |\n|---|---:|\n");
                distinct.forEach((message, times) -> md.append("| ").append(message.replace("|", "\\|")).append(" | ").append(times).append(" |\n"));
            }
        }
    }

    /** Redis' CPU over a run's measurement, % of one core. */
    private static double redisPercent(Map<String, String> r) {
        return number(r, "redisCpuMs") / 10 / number(r, "duration");
    }

    /** The node's own CPU per announce in µs: the server CPU without Redis' share, over the announces. */
    private static double nodeMicros(Map<String, String> r) {
        return (number(r, "serverCpuPercent") - redisPercent(r)) * 10_000 / number(r, "announcesPerSecond");
    }

    private static boolean isSingle(Map<String, String> r, String mode, int k) {
        return "single".equals(r.get("part")) && mode.equals(r.get("cluster")) && number(r, "offers") == k;
    }

    /** Ratios on / off of the rounds at {@code k} offers, sorted. */
    private static double[] ratios(List<Map<String, String>> rows, int k) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, String> off : rows.stream().filter(x -> isSingle(x, "off", k)).toList()) {
            Map<String, String> on = find(rows, x -> isSingle(x, "on", k) && number(x, "round") == number(off, "round"));
            if (on != null) {
                ratios.add(number(on, "framesPerSecond") / number(off, "framesPerSecond"));
            }
        }
        return ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double median(List<Map<String, String>> rows, java.util.function.Predicate<Map<String, String>> test, String field) {
        double[] values = rows.stream().filter(test).mapToDouble(r -> number(r, field)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static double sum(List<Map<String, String>> rows, String field) {
        return rows.stream().mapToDouble(r -> number(r, field)).sum();
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.replaceAll(" +", " ").strip()).orElse(prefix + " ?")
                .replaceFirst("^java: ", "");
    }

    private static String loadOf(Map<String, String> uptime) {
        if (uptime == null) {
            return "–";
        }
        String text = uptime.get("uptime");
        int at = text.indexOf("load average:");
        return at < 0 ? text : text.substring(at + "load average:".length()).strip() + " (1, 5, 15 min)";
    }

    private static String load1(Map<String, String> r) {
        return r == null || r.get("load") == null ? "–" : r.get("load").split(" ")[0];
    }

    private static String fmt(double value, String pattern) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, pattern, value);
    }

    private static String msFmt(double ms) {
        return Double.isNaN(ms) ? "–" : ms < 0 ? "never (timed out)" : String.format(Locale.ROOT, "%,.0f ms", ms);
    }
}
