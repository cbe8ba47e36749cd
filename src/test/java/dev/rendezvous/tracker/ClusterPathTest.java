package dev.rendezvous.tracker;

import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.wire.InboundParser;
import dev.rendezvous.tracker.wire.OutboundMessage.AnnounceResponse;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the tracker uses a cluster, with a cluster that answers at once from a script of its own: what it asks of the
 * cluster, what it answers from the cluster's replies, and what it answers alone when the cluster fails.
 */
class ClusterPathTest {
    private static final String H = "h".repeat(20);
    private final InboundParser parser = new InboundParser();
    private final ScriptedCluster cluster = new ScriptedCluster();
    private final TrackerService tracker = new TrackerService(TrackerSettings.read(k -> Optional.empty()),
            new RoomRegistry(), new CountingMetrics(), cluster);

    /** Answers every announce with 7 seeders and 9 leechers, records it, and fails when told to. */
    private static final class ScriptedCluster implements ClusterView {
        final List<String> announces = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final List<String> routed = new ArrayList<>();
        boolean failing;
        ScrapeFile recent;

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public void attach(LocalSwarms local) {
        }

        @Override
        public CompletionStage<Announced> announce(String infoHash, String peerId, boolean seeder, boolean completed,
                                                   String[] offerFrames) {
            announces.add(peerId.trim() + (seeder ? " seeder" : " leecher") + " " + offerFrames.length + " offers");
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("Redis timed out"));
            }
            recent = new ScrapeFile(7, 9, 0);
            return CompletableFuture.completedFuture(new Announced(7, 9, List.of(), new int[0], offerFrames.length));
        }

        @Override
        public CompletionStage<AddressesAnnounced> announceAddress(String infoHash, String key, boolean seeder,
                                                                   boolean completed, int wanted, boolean ipv6,
                                                                   boolean sameFamilyOnly) {
            return CompletableFuture.failedFuture(new IllegalStateException("not scripted"));
        }

        @Override
        public void leaveAddress(String infoHash, String key) {
        }

        @Override
        public ScrapeFile recentCounts(String infoHash) {
            return recent;
        }

        @Override
        public CompletionStage<ScrapeFile> counts(String infoHash) {
            return CompletableFuture.completedFuture(new ScrapeFile(7, 8, 0));
        }

        @Override
        public CompletionStage<Boolean> route(String infoHash, String peerId, String frame) {
            routed.add(frame);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletionStage<Map<String, ScrapeFile>> scrape(List<String> infoHashes) {
            return CompletableFuture.completedFuture(Map.of());
        }

        @Override
        public boolean announcedElsewhere(String peerId) {
            return false;
        }

        @Override
        public Optional<ClusterStatus> status() {
            return Optional.empty();
        }

        @Override
        public void pairRemoved(String infoHash, String peerId) {
            removed.add(peerId.trim());
        }

        @Override
        public void peerArrived(String peerId) {
        }

        @Override
        public void peerGone(String peerId) {
        }
    }

    private void send(PeerSocket socket, String peer, String extra) {
        tracker.handle(socket, parser.parse("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\""
                + peer + "\"" + extra + "}"), System.nanoTime());
    }

    private static AnnounceResponse last(RecordingSink sink) {
        List<AnnounceResponse> responses = sink.sentOf(AnnounceResponse.class);
        return responses.get(responses.size() - 1);
    }

    @Test
    void countsComeFromTheClusterAndUnchangedReAnnouncesCostNoRoundTrip() {
        RecordingSink sink = new RecordingSink();
        PeerSocket socket = tracker.open(sink, false, System.nanoTime());
        String peer = "-WW0300-000000000001";
        send(socket, peer, ",\"left\":5");
        assertEquals(9, last(sink).incomplete(), "the cluster's counts, not this node's one peer");
        send(socket, peer, ",\"left\":5");
        send(socket, peer, ",\"left\":5");
        assertEquals(List.of(peer + " leecher 0 offers"), cluster.announces, "re-announces that change nothing stay here");
        assertEquals(3, sink.sentOf(AnnounceResponse.class).size());

        send(socket, peer, ",\"left\":0"); // it became a seeder: the cluster must hear it
        send(socket, peer, ",\"left\":0");
        send(socket, peer, ",\"left\":5,\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"x\"},\"offer_id\":\"o\"}]");
        assertEquals(List.of(peer + " leecher 0 offers", peer + " seeder 0 offers", peer + " leecher 1 offers"),
                cluster.announces, "a seeder change and offers go to the cluster; the seeder's re-announce does not");

        cluster.recent = null; // the counts grew old
        send(socket, peer, ",\"left\":0");
        assertEquals(4, cluster.announces.size(), "without recent counts, the cluster is asked again");
    }

    @Test
    void whenTheClusterFailsTheNodeAnswersFromItsOwnRoomsAndTriesAgainNextTime() {
        cluster.failing = true;
        RecordingSink sink = new RecordingSink();
        PeerSocket socket = tracker.open(sink, false, System.nanoTime());
        String peer = "-WW0300-000000000002";
        send(socket, peer, ",\"left\":5");
        assertEquals(1, last(sink).incomplete(), "this node's own count");
        cluster.failing = false;
        send(socket, peer, ",\"left\":5");
        assertEquals(2, cluster.announces.size(), "a failed write is never taken for a mirrored peer");
        assertEquals(9, last(sink).incomplete());
    }

    @Test
    void aClosedSocketsPeersLeaveTheClusterAndAStopAsksForFreshCounts() {
        RecordingSink sink = new RecordingSink();
        PeerSocket socket = tracker.open(sink, false, System.nanoTime());
        send(socket, "-WW0300-000000000003", "");
        send(socket, "-WW0300-000000000004", ",\"event\":\"stopped\"");
        assertEquals(8, last(sink).incomplete(), "the stopped response carries the cluster's counts");
        tracker.close(socket);
        assertEquals(List.of("-WW0300-000000000003"), cluster.removed);
    }

    @Test
    void anAnswerForAnotherNodesPeerIsRoutedAndItsAnnouncedSenderIsNotWrittenAgain() {
        RecordingSink sink = new RecordingSink();
        PeerSocket socket = tracker.open(sink, false, System.nanoTime());
        String answerer = "-WW0300-000000000005";
        send(socket, answerer, "");
        send(socket, answerer, ",\"to_peer_id\":\"-WW0300-000000000009\",\"offer_id\":\"o\","
                + "\"answer\":{\"type\":\"answer\",\"sdp\":\"y\"}");
        assertEquals(List.of(answerer + " leecher 0 offers"), cluster.announces, "one script for the announce, none for the answer");
        assertEquals(1, cluster.routed.size(), "the answer went to the cluster for the offerer's node");
    }
}
