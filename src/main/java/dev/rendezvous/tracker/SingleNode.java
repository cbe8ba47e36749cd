package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** No cluster: never connected, so the tracker never calls the methods that need one. */
final class SingleNode implements ClusterView {
    private static final CompletionStage<?> NONE =
            CompletableFuture.failedFuture(new IllegalStateException("not in a cluster"));

    @Override
    public boolean connected() {
        return false;
    }

    @Override
    public void attach(LocalSwarms local) {
    }

    @Override
    public CompletionStage<Announced> announce(String infoHash, String peerId, boolean seeder, boolean completed,
                                               String[] offerFrames) {
        return none();
    }

    @Override
    public CompletionStage<AddressesAnnounced> announceAddress(String infoHash, String key, boolean seeder,
                                                               boolean completed, int wanted, boolean ipv6,
                                                               boolean sameFamilyOnly) {
        return none();
    }

    @Override
    public void leaveAddress(String infoHash, String key) {
    }

    @Override
    public ScrapeFile recentCounts(String infoHash) {
        return null;
    }

    @Override
    public CompletionStage<ScrapeFile> counts(String infoHash) {
        return none();
    }

    @Override
    public CompletionStage<Boolean> route(String infoHash, String peerId, String frame) {
        return none();
    }

    @Override
    public CompletionStage<Map<String, ScrapeFile>> scrape(List<String> infoHashes) {
        return none();
    }

    @Override
    public java.util.Optional<ClusterStatus> status() {
        return java.util.Optional.empty();
    }

    @Override
    public boolean announcedElsewhere(String peerId) {
        return false;
    }

    @Override
    public void pairRemoved(String infoHash, String peerId) {
    }

    @Override
    public void peerArrived(String peerId) {
    }

    @Override
    public void peerGone(String peerId) {
    }

    @SuppressWarnings("unchecked")
    private static <T> CompletionStage<T> none() {
        return (CompletionStage<T>) NONE;
    }
}
