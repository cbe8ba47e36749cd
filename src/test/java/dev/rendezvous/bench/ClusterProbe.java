package dev.rendezvous.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recovery probe of the cluster benchmark (src/test/bench/cluster.sh): holds peers in one room on some nodes,
 * then watches, every 50 ms, what each watched node's scrape counts in that room and what each node's
 * {@code /health/ready} says of the cluster ({@code connected} or {@code degraded}), printing each change with
 * the wall clock in milliseconds, so that the script can kill a node or Redis and read how long the cluster took
 * to notice and to recover.
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.ClusterProbe --hold ws://127.0.0.1:19280/announce \
 *     --watch ws://127.0.0.1:19180/announce --health http://127.0.0.1:19180/health/ready --peers 20 --room R --for 60</pre>
 *
 * Prints {@code ready <ms> <peers seen by each watcher>} once every watcher counts every held peer, then lines
 * {@code <ms> count <watcher> <peers>} and {@code <ms> state <node> <state>}; exits after {@code --for} seconds.
 */
public final class ClusterProbe {
    private static final Pattern STATE = Pattern.compile("\"state\":\"(\\w+)\"");
    private static final Pattern COMPLETE = Pattern.compile("\"complete\":(\\d+)");
    private static final Pattern INCOMPLETE = Pattern.compile("\"incomplete\":(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClusterProbe() {
    }

    /** A text WebSocket whose frames land in a queue. */
    static final class Socket implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Socket open(String url) throws Exception {
            Socket socket = new Socket();
            socket.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), socket).get(10, TimeUnit.SECONDS);
            return socket;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        /** Sends a frame and returns the next frame that contains {@code marker}, or null after 2 s. */
        String ask(String frame, String marker) throws Exception {
            frames.clear();
            ws.sendText(frame, true).get(2, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                String next = frames.poll(50, TimeUnit.MILLISECONDS);
                if (next != null && next.contains(marker)) {
                    return next;
                }
            }
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = TrackerLoad.options(args);
        List<String> hold = list(options.get("hold"));
        List<String> watch = list(options.get("watch"));
        List<String> health = list(options.get("health"));
        int peers = Integer.parseInt(options.getOrDefault("peers", "20"));
        String room = String.format("%-20.20s", options.getOrDefault("room", "cluster-probe-room")).replace(' ', '-');
        double seconds = Double.parseDouble(options.getOrDefault("for", "60"));

        List<Socket> held = new ArrayList<>();
        for (int h = 0; h < hold.size(); h++) {
            for (int p = 0; p < peers; p++) {
                Socket socket = Socket.open(hold.get(h));
                String peerId = String.format("-PR0001-%04d%08d", h, p);
                socket.ask("{\"action\":\"announce\",\"info_hash\":\"" + room + "\",\"peer_id\":\"" + peerId
                        + "\",\"numwant\":0,\"uploaded\":0,\"downloaded\":0,\"left\":1,\"event\":\"started\"}", "\"interval\"");
                held.add(socket);
            }
        }
        List<Socket> watchers = new ArrayList<>();
        for (String url : watch) {
            watchers.add(Socket.open(url));
        }
        int expected = peers * hold.size();
        long deadline = System.currentTimeMillis() + 60_000;
        int[] counts = new int[watchers.size()];
        while (true) {
            for (int w = 0; w < watchers.size(); w++) {
                counts[w] = count(watchers.get(w), room);
            }
            if (Arrays.stream(counts).allMatch(c -> c == expected)) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                System.out.println("timeout " + System.currentTimeMillis() + " " + Arrays.toString(counts));
                System.exit(1);
            }
            Thread.sleep(50);
        }
        System.out.println("ready " + System.currentTimeMillis() + " " + Arrays.toString(counts).replace(" ", ""));
        String[] states = new String[health.size()];
        long end = System.currentTimeMillis() + (long) (seconds * 1000);
        while (System.currentTimeMillis() < end) {
            for (int w = 0; w < watchers.size(); w++) {
                int now = count(watchers.get(w), room);
                if (now != counts[w]) {
                    counts[w] = now;
                    System.out.println(System.currentTimeMillis() + " count " + w + " " + now);
                }
            }
            for (int n = 0; n < health.size(); n++) {
                String now = state(health.get(n));
                if (!now.equals(states[n])) {
                    states[n] = now;
                    System.out.println(System.currentTimeMillis() + " state " + n + " " + now);
                }
            }
            System.out.flush();
            Thread.sleep(50);
        }
        System.exit(0);
    }

    /** Peers a node's scrape counts in {@code room}, or -1 if the node does not answer. */
    static int count(Socket watcher, String room) {
        try {
            String reply = watcher.ask("{\"action\":\"scrape\",\"info_hash\":\"" + room + "\"}", "\"files\"");
            if (reply == null) {
                return -1;
            }
            Matcher c = COMPLETE.matcher(reply);
            Matcher i = INCOMPLETE.matcher(reply);
            return (c.find() ? Integer.parseInt(c.group(1)) : 0) + (i.find() ? Integer.parseInt(i.group(1)) : 0);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The {@code cluster} readiness check's state, or {@code unreachable}. */
    static String state(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = STATE.matcher(response.body());
            return m.find() ? m.group(1) : "none";
        } catch (Exception e) {
            return "unreachable";
        }
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
    }
}
