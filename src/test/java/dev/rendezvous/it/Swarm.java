package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.rendezvous.it.ClusterChecks.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebTorrent-style peers under steady load, for the fault tests: rooms of peers, each announcing every second with
 * offers and answering every offer it gets, reconnecting (through the balancer) when its socket closes. It records
 * when each peer last got an offer, and from which node's peer, and each offer's deliveries.
 */
final class Swarm implements AutoCloseable {
    private final String url;
    private final boolean direct;
    private final List<LibertyServer> nodes;
    private final int offersPerAnnounce;
    private final List<Peer> peers = new ArrayList<>();
    private final Map<String, Peer> byId = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    /** offer_id to when it was sent. */
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    /** offer_id to the targets it reached, one entry per delivery. */
    private final Map<String, Collection<String>> deliveries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong answers = new AtomicLong();
    private volatile boolean closed;

    private Swarm(String url, List<LibertyServer> nodes, int offersPerAnnounce) {
        this.url = url;
        this.direct = url == null;
        this.nodes = nodes;
        this.offersPerAnnounce = offersPerAnnounce;
    }

    /** Connects {@code rooms * perRoom} peers one by one, learning each one's node from the nodes' socket counts. */
    static Swarm start(String url, List<LibertyServer> nodes, int rooms, int perRoom, int offers) throws Exception {
        return start(new Swarm(url, nodes, offers), rooms, perRoom);
    }

    /** The same, each peer connected straight to a node, in turn: as many of each room on every node. */
    static Swarm direct(List<LibertyServer> nodes, int rooms, int perRoom, int offers) throws Exception {
        return start(new Swarm(null, nodes, offers), rooms, perRoom);
    }

    private static Swarm start(Swarm swarm, int rooms, int perRoom) throws Exception {
        for (int room = 0; room < rooms; room++) {
            for (int i = 0; i < perRoom; i++) {
                int index = swarm.peers.size();
                Peer peer = swarm.new Peer(index, String.format("faults-room-%08d", room), String.format("fault-peer-%09d", index));
                swarm.peers.add(peer);
                swarm.byId.put(peer.id, peer);
                if (swarm.direct) {
                    peer.node = "node-" + (char) ('a' + index % swarm.nodes.size());
                    peer.connect().get(10, TimeUnit.SECONDS);
                } else {
                    int[] before = swarm.sockets();
                    peer.connect().get(10, TimeUnit.SECONDS);
                    peer.node = swarm.nodeOfNewSocket(before);
                }
            }
        }
        for (Peer peer : swarm.peers) {
            swarm.ticks.scheduleAtFixedRate(peer::announce, peer.index * 1000L / swarm.peers.size(), 1000,
                    TimeUnit.MILLISECONDS);
        }
        return swarm;
    }

    private int[] sockets() {
        int[] counts = new int[nodes.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = stats(nodes.get(i)).getInt("sockets");
        }
        return counts;
    }

    private String nodeOfNewSocket(int[] before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            int[] now = sockets();
            for (int i = 0; i < now.length; i++) {
                if (now[i] > before[i]) {
                    return "node-" + (char) ('a' + i);
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no node counted the new socket");
    }

    int size() {
        return peers.size();
    }

    int peersOn(String node) {
        return (int) peers.stream().filter(p -> node.equals(p.node)).count();
    }

    /** A node died: its peers' sockets close, and they reconnect through the balancer to {@code survivor}. */
    void nodeDied(String node, String survivor) {
        for (Peer peer : peers) {
            if (node.equals(peer.node)) {
                peer.node = survivor;
            }
        }
    }

    record Recovery(long millis, long atNanos) {
    }

    /**
     * Waits until every peer has had an offer (from a peer on another node, if {@code crossNode}) after {@code since};
     * returns how long after {@code since} that was (to 50 ms).
     */
    Recovery awaitOffers(long since, boolean crossNode, Duration timeout) throws InterruptedException {
        long deadline = since + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            List<String> waiting = new ArrayList<>();
            for (Peer peer : peers) {
                if ((crossNode ? peer.lastCrossNodeOffer : peer.lastOffer) - since <= 0) {
                    waiting.add(peer.id + "@" + peer.node);
                }
            }
            if (waiting.isEmpty()) {
                return new Recovery(TimeUnit.NANOSECONDS.toMillis(now - since), now);
            }
            assertTrue(now < deadline, waiting.size() + " peers had no " + (crossNode ? "cross-node " : "")
                    + "offer within " + timeout + ": " + waiting);
            Thread.sleep(50);
        }
    }

    /** What became of the offers sent between two instants. */
    record Window(double seconds, long sent, long lost, long delivered, long toTwoTargets) {
        @Override
        public String toString() {
            return String.format("%,d offers sent, %,d delivered, %,d lost (never delivered), %,d delivered to two"
                    + " targets", sent, delivered, lost, toTwoTargets);
        }
    }

    Window window(long from, long to) {
        long count = 0;
        long lost = 0;
        long delivered = 0;
        long twice = 0;
        for (Map.Entry<String, Long> offer : sent.entrySet()) {
            long at = offer.getValue();
            if (at - from >= 0 && at - to <= 0) {
                count++;
                Collection<String> targets = deliveries.get(offer.getKey());
                int reached = targets == null ? 0 : targets.size();
                if (reached == 0) {
                    lost++;
                } else {
                    delivered++;
                }
                if (targets != null && targets.stream().distinct().count() > 1) {
                    twice++;
                }
            }
        }
        return new Window(TimeUnit.NANOSECONDS.toMillis(to - from) / 1000.0, count, lost, delivered, twice);
    }

    /** How the offers sent between two instants were spread over the peers that received them. */
    record Spread(int peers, double mean, double cv, long min, long max, Map<String, Long> byNode) {
        @Override
        public String toString() {
            return String.format("offers per peer: mean %.1f, min %d, max %d, coefficient of variation %.3f; received"
                    + " by each node's peers %s", mean, min, max, cv, byNode);
        }
    }

    Spread spread(long from, long to) {
        Map<String, Long> perPeer = new java.util.HashMap<>();
        for (Peer peer : peers) {
            perPeer.put(peer.id, 0L);
        }
        for (Map.Entry<String, Long> offer : sent.entrySet()) {
            long at = offer.getValue();
            Collection<String> targets = deliveries.get(offer.getKey());
            if (targets != null && at - from >= 0 && at - to <= 0) {
                for (String target : targets) {
                    perPeer.merge(target, 1L, Long::sum);
                }
            }
        }
        double mean = perPeer.values().stream().mapToLong(Long::longValue).average().orElse(0);
        double variance = perPeer.values().stream().mapToDouble(n -> (n - mean) * (n - mean)).sum() / perPeer.size();
        Map<String, Long> byNode = new java.util.TreeMap<>();
        for (Peer peer : peers) {
            byNode.merge(peer.node, perPeer.get(peer.id), Long::sum);
        }
        return new Spread(perPeer.size(), mean, Math.sqrt(variance) / mean,
                perPeer.values().stream().mapToLong(Long::longValue).min().orElse(0),
                perPeer.values().stream().mapToLong(Long::longValue).max().orElse(0), byNode);
    }

    /** No failure frame so far, and no offer given twice to the same target. */
    void assertClean() {
        assertEquals(List.of(), List.copyOf(failures), "failure frames");
        List<String> duplicates = new ArrayList<>();
        deliveries.forEach((offerId, targets) -> {
            if (targets.stream().distinct().count() < targets.size()) {
                duplicates.add(offerId + " " + targets);
            }
        });
        assertEquals(List.of(), duplicates, "offers delivered twice to the same target");
    }

    @Override
    public void close() {
        closed = true;
        ticks.shutdownNow();
        for (Peer peer : peers) {
            WebSocket socket = peer.socket;
            if (socket != null) {
                socket.abort();
            }
        }
    }

    final class Peer implements WebSocket.Listener {
        final int index;
        final String room;
        final String id;
        volatile String node;
        volatile WebSocket socket;
        volatile long lastOffer;
        volatile long lastCrossNodeOffer;
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        private long next;

        Peer(int index, String room, String id) {
            this.index = index;
            this.room = room;
            this.id = id;
            long past = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
            this.lastOffer = past;
            this.lastCrossNodeOffer = past;
        }

        CompletableFuture<WebSocket> connect() {
            String target = direct ? nodes.get(index % nodes.size()).ws() + "/announce" : url;
            return Server.HTTP_CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(target), this).thenApply(ws -> socket = ws);
        }

        void announce() {
            StringBuilder offers = new StringBuilder();
            for (int i = 0; i < offersPerAnnounce; i++) {
                String offerId = String.format("%04d-%015d", index, next++);
                sent.put(offerId, System.nanoTime());
                offers.append(i == 0 ? "" : ",").append("{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0 load\"},\"offer_id\":\"")
                        .append(offerId).append("\"}");
            }
            send("{\"action\":\"announce\",\"info_hash\":\"" + room + "\",\"peer_id\":\"" + id
                    + "\",\"numwant\":" + offersPerAnnounce + ",\"offers\":[" + offers + "]}");
        }

        private synchronized void send(String frame) {
            WebSocket ws = socket;
            if (ws == null || closed) {
                return;
            }
            sending = sending.handle((ok, failure) -> null).thenCompose(x -> ws.sendText(frame, true));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(text);
            }
            webSocket.request(1);
            return null;
        }

        private void received(String text) {
            JsonObject frame = Json.createReader(new StringReader(text)).readObject();
            if (frame.containsKey("failure reason")) {
                failures.add(id + ": " + text);
            } else if (frame.containsKey("offer")) {
                String offerer = frame.getString("peer_id");
                String offerId = frame.getString("offer_id");
                deliveries.computeIfAbsent(offerId, k -> new ConcurrentLinkedQueue<>()).add(id);
                long now = System.nanoTime();
                lastOffer = now;
                Peer from = byId.get(offerer);
                if (from != null && from.node != null && !from.node.equals(node)) {
                    lastCrossNodeOffer = now;
                }
                send("{\"action\":\"announce\",\"info_hash\":\"" + room + "\",\"peer_id\":\"" + id + "\",\"to_peer_id\":\""
                        + offerer + "\",\"offer_id\":\"" + offerId + "\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0 load\"}}");
            } else if (frame.containsKey("answer")) {
                answers.incrementAndGet();
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            reconnect(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reconnect(webSocket);
        }

        private void reconnect(WebSocket old) {
            if (closed || socket != old) {
                return;
            }
            synchronized (this) {
                socket = null;
                sending = CompletableFuture.completedFuture(null);
                partial.setLength(0);
            }
            ticks.schedule(() -> connect().exceptionally(failure -> {
                reconnectLater();
                return null;
            }), 250, TimeUnit.MILLISECONDS);
        }

        private void reconnectLater() {
            if (!closed) {
                ticks.schedule(() -> connect().exceptionally(failure -> {
                    reconnectLater();
                    return null;
                }), 500, TimeUnit.MILLISECONDS);
            }
        }
    }
}
