package dev.rendezvous.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tracker side of the soak: a pool of sockets that announce with offers on an interval, answer the offers
 * they get, and come and go (a share of them is replaced every second). Samples the server's RSS every 10 s;
 * at the end every client leaves and the server's own figures must fall to zero. Prints one JSON object.
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.Soak --http http://127.0.0.1:9080 --pid 1234 --seconds 600</pre>
 */
public final class Soak implements WsConnection.Listener {
    private static final Pattern NUMBER = Pattern.compile("\"%s\":(\\d+)");

    private final URI ws;
    private final List<WsConnection> pool = new ArrayList<>();
    private final Selector selector;
    private long errors;
    private long frames;
    private long unexpectedCloses;
    private int next;

    private Soak(URI ws) throws java.io.IOException {
        this.ws = ws;
        this.selector = Selector.open();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = TrackerLoad.options(args);
        String http = options.get("http");
        long pid = Long.parseLong(options.get("pid"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "600"));
        int size = Integer.parseInt(options.getOrDefault("sockets", "500"));
        Soak soak = new Soak(URI.create(http.replaceFirst("^http", "ws") + "/announce"));
        System.out.println(soak.run(http, pid, seconds, size));
    }

    private String run(String http, long pid, int seconds, int size) throws Exception {
        for (int i = 0; i < size; i++) {
            open();
        }
        List<long[]> rss = new ArrayList<>();
        long start = System.nanoTime();
        long nextSecond = start;
        long nextSample = start;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            long now = System.nanoTime();
            if (now >= nextSecond) {
                nextSecond += 1_000_000_000L;
                churn(size);
            }
            if (now >= nextSample) {
                nextSample += 10_000_000_000L;
                rss.add(new long[]{(now - start) / 1_000_000_000L, TrackerLoad.rssKb(pid)});
            }
            selector.select(5);
            for (SelectionKey key : selector.selectedKeys()) {
                ((WsConnection) key.attachment()).ready();
            }
            selector.selectedKeys().clear();
        }
        new ArrayList<>(pool).forEach(c -> c.close("done"));
        Thread.sleep(3000);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String stats = client.send(HttpRequest.newBuilder(URI.create(http + "/stats.json")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String metrics = client.send(HttpRequest.newBuilder(URI.create(http + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher allocations = Pattern.compile("(?m)^rendezvous_turn_allocations_active\\{[^}]*} (\\S+)$").matcher(metrics);
        int half = rss.size() / 2;
        return String.format(Locale.ROOT, "{\"seconds\":%d,\"sockets\":%d,\"frames\":%d,\"errors\":%d,\"unexpectedCloses\":%d,"
                        + "\"rssStartKb\":%d,\"rssEndKb\":%d,\"rssSlopeFirstHalfKbPerMin\":%.1f,\"rssSlopeLastHalfKbPerMin\":%.1f,"
                        + "\"socketsAfter\":%d,\"roomsAfter\":%d,\"peersAfter\":%d,\"allocationsAfter\":%.0f,\"rssSamples\":\"%s\"}",
                seconds, size, frames, errors, unexpectedCloses, rss.get(0)[1], rss.get(rss.size() - 1)[1],
                slope(rss.subList(0, half)) * 60, slope(rss.subList(half, rss.size())) * 60,
                number(stats, "sockets"), number(stats, "torrents"), number(stats, "peersAll"),
                allocations.find() ? Double.parseDouble(allocations.group(1)) : -1,
                rss.stream().map(s -> s[0] + ":" + s[1]).reduce((a, b) -> a + " " + b).orElse(""));
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Least-squares slope of RSS (KiB) per second. */
    static double slope(List<long[]> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double my = samples.stream().mapToDouble(s -> s[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (long[] s : samples) {
            num += (s[0] - mx) * (s[1] - my);
            den += (s[0] - mx) * (s[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private void open() throws java.io.IOException {
        WsConnection connection = WsConnection.connect(next, ws, selector, this);
        connection.peerId = String.format("-SK0001-%012d", next);
        connection.infoHash = String.format("soak-room-%010d", ThreadLocalRandom.current().nextInt(50));
        next++;
        pool.add(connection);
    }

    /** Every second: a tenth of the sockets announce with two offers, and 2 % leave and are replaced. */
    private void churn(int size) throws java.io.IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (WsConnection connection : pool) {
            if (connection.isOpen() && random.nextInt(10) == 0) {
                connection.sendText("{\"action\":\"announce\",\"info_hash\":\"" + connection.infoHash + "\",\"peer_id\":\""
                        + connection.peerId + "\",\"numwant\":2,\"uploaded\":0,\"downloaded\":0,\"left\":0,\"offers\":["
                        + "{\"offer_id\":\"a" + random.nextInt(1 << 30) + "\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}},"
                        + "{\"offer_id\":\"b" + random.nextInt(1 << 30) + "\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}]}");
            }
        }
        for (int i = 0; i < size / 50 && !pool.isEmpty(); i++) {
            WsConnection leaving = pool.remove(random.nextInt(pool.size()));
            if (random.nextBoolean() && leaving.isOpen()) {
                leaving.sendText("{\"action\":\"announce\",\"info_hash\":\"" + leaving.infoHash + "\",\"peer_id\":\""
                        + leaving.peerId + "\",\"numwant\":0,\"uploaded\":0,\"downloaded\":0,\"left\":0,\"event\":\"stopped\"}");
            }
            leaving.close("done");
        }
        while (pool.size() < size) {
            open();
        }
    }

    @Override
    public void onOpen(WsConnection connection) {
        connection.sendText("{\"action\":\"announce\",\"info_hash\":\"" + connection.infoHash + "\",\"peer_id\":\""
                + connection.peerId + "\",\"numwant\":0,\"uploaded\":0,\"downloaded\":0,\"left\":0,\"event\":\"started\"}");
    }

    @Override
    public void onText(WsConnection connection, String text) {
        frames++;
        if (text.contains("\"failure reason\"")) {
            errors++;
        } else if (text.contains("\"offer\":{")) {
            connection.sendText(TrackerLoad.answerTo(text, connection.peerId));
        }
    }

    @Override
    public void onClosed(WsConnection connection, String why) {
        if (!"done".equals(why)) {
            unexpectedCloses++;
            pool.remove(connection);
        }
    }
}
