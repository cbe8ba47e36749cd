package dev.rendezvous.admin;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.AdminSettings;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.ClusterView;
import dev.rendezvous.tracker.OutboundSink;
import dev.rendezvous.tracker.PeerSocket;
import dev.rendezvous.tracker.RoomRegistry;
import dev.rendezvous.tracker.TrackerMetrics;
import dev.rendezvous.tracker.TrackerService;
import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.InboundMessage;
import dev.rendezvous.tracker.wire.InboundParser;
import dev.rendezvous.tracker.wire.OutboundEncoder;
import dev.rendezvous.tracker.wire.OutboundMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the admin view costs the tracker's frame path, in one process (no network, so that a shared machine's noise
 * is the CPU's alone): 1,000 sockets in 100 rooms announce with 5 offers each, and one announce in ten is a stop and
 * a new start (churn: the joins and leaves that make events). Three variants, interleaved round by round: admin off
 * (no watcher), admin on (events published, no subscriber), and admin on with a subscriber whose queue a thread
 * empties. Prints the median and best ns per announce of each (every offer encoded, as a socket's sink would).
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.rendezvous.admin.AdminCostBench [rounds]}
 */
public final class AdminCostBench {
    private static final int SOCKETS = 1000;
    private static final int ROOMS = 100;
    private static final int FRAMES_PER_ROUND = 200_000;

    private static final class EncodingSink implements OutboundSink {
        long bytes;

        @Override
        public void send(OutboundMessage message) {
            bytes += OutboundEncoder.text(message).length();
        }

        @Override
        public void sendText(String frame) {
            bytes += frame.length();
        }

        @Override
        public void closeIdle() {
        }

        @Override
        public void closeGoingAway() {
        }

        @Override
        public void closeKicked() {
        }
    }

    private static final TrackerMetrics NO_METRICS = new TrackerMetrics() {
        public void frameReceived() { }
        public void announce() { }
        public void offersForwarded(int count) { }
        public void answerForwarded() { }
        public void answerWithoutTarget() { }
        public void scrape() { }
        @Override
        public void addressAnnounce(dev.rendezvous.tracker.Protocol protocol) { }
        @Override
        public void addressScrape(dev.rendezvous.tracker.Protocol protocol) { }
        public void errorFrame(FailureReason reason) { }
        public void frameTooLarge() { }
        public void slowSocketClosed() { }
        public void idleSocketClosed() { }
        public void originRejected() { }
        public void peersSwept(int count) { }
    };

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        InboundParser parser = new InboundParser();
        InboundMessage[] announces = new InboundMessage[SOCKETS];
        InboundMessage[] stops = new InboundMessage[SOCKETS];
        InboundMessage[] starts = new InboundMessage[SOCKETS];
        for (int i = 0; i < SOCKETS; i++) {
            String room = String.format("bench-room-%09d", i % ROOMS);
            String peer = String.format("-BN0001-%012d", i);
            StringBuilder offers = new StringBuilder("[");
            for (int k = 0; k < 5; k++) {
                offers.append(k == 0 ? "" : ",").append("{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0 offer ").append(k)
                        .append(" of a typical size ").append("x".repeat(300)).append("\"},\"offer_id\":\"offer-").append(i).append('-').append(k).append("\"}");
            }
            String base = "{\"action\":\"announce\",\"info_hash\":\"" + room + "\",\"peer_id\":\"" + peer + "\",\"left\":1";
            announces[i] = parser.parse(base + ",\"offers\":" + offers + "]}");
            stops[i] = parser.parse(base + ",\"event\":\"stopped\"}");
            starts[i] = parser.parse(base + ",\"event\":\"started\",\"offers\":" + offers + "]}");
        }
        String[] variants = {"admin off", "admin on, no subscriber", "admin on, subscriber"};
        List<List<Double>> results = new ArrayList<>();
        for (String ignored : variants) {
            results.add(new ArrayList<>());
        }
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
            for (int v = 0; v < variants.length; v++) {
                double ns = run(v, announces, stops, starts);
                if (round >= 0) {
                    results.get(v).add(ns);
                }
            }
        }
        for (int v = 0; v < variants.length; v++) {
            double[] sorted = results.get(v).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-26s median %.0f ns/announce, best %.0f (%d rounds)%n", variants[v],
                    sorted[sorted.length / 2], sorted[0], sorted.length);
        }
        double off = median(results.get(0));
        for (int v = 1; v < variants.length; v++) {
            System.out.printf("%s vs off: %+.1f %% time per announce (medians)%n", variants[v], 100 * (median(results.get(v)) / off - 1));
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** One round of one variant on a fresh tracker: ns per announce. */
    private static double run(int variant, InboundMessage[] announces, InboundMessage[] stops, InboundMessage[] starts)
            throws Exception {
        RoomRegistry registry = new RoomRegistry();
        TrackerService tracker = new TrackerService(TrackerSettings.read(k -> Optional.empty()), registry, NO_METRICS,
                ClusterView.SINGLE_NODE, new BanList());
        AdminEvents events = null;
        Thread reader = null;
        if (variant > 0) {
            events = new AdminEvents();
            events.settings = new AdminSettings(List.of("a-token-of-sixteen-chars"), 10, 8, 1000, 2000);
            events.metrics = new AdminMetrics() {
                public void accessDenied() { }
                public void eventsDropped(long count) { }
            };
            events.node = new LocalNode("bench", "0", tracker, null, new BanList(), () -> { }, () -> false, Runnable::run,
                    () -> null, () -> new dev.rendezvous.config.ReloadStatus(java.time.Instant.now(),
                            dev.rendezvous.config.ReloadStatus.Outcome.APPLIED, "bench", java.util.List.of()));
            events.listenTo(tracker);
            if (variant == 2) {
                AdminEvents.Subscriber subscriber = events.subscribe();
                reader = new Thread(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            subscriber.next(100);
                        }
                    } catch (InterruptedException done) {
                        // the round is over
                    }
                });
                reader.start();
            }
        }
        EncodingSink[] sinks = new EncodingSink[SOCKETS];
        PeerSocket[] sockets = new PeerSocket[SOCKETS];
        for (int i = 0; i < SOCKETS; i++) {
            sinks[i] = new EncodingSink();
            sockets[i] = tracker.open(sinks[i], false, System.nanoTime());
            tracker.handle(sockets[i], starts[i], System.nanoTime());
        }
        long started = System.nanoTime();
        for (int f = 0; f < FRAMES_PER_ROUND; f++) {
            int i = f % SOCKETS;
            if (f % 10 == 9) {
                tracker.handle(sockets[i], stops[i], System.nanoTime());
                tracker.handle(sockets[i], starts[i], System.nanoTime());
            } else {
                tracker.handle(sockets[i], announces[i], System.nanoTime());
            }
        }
        long elapsed = System.nanoTime() - started;
        if (reader != null) {
            reader.interrupt();
            reader.join();
        }
        long bytes = Arrays.stream(sinks).mapToLong(s -> s.bytes).sum();
        if (bytes == 0) {
            throw new IllegalStateException("nothing sent");
        }
        return (double) elapsed / (FRAMES_PER_ROUND + FRAMES_PER_ROUND / 10);
    }
}
