package dev.rendezvous.admin;

import dev.rendezvous.auth.BanList;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A single node: every read and action is this node's own. */
public final class LocalFleet implements Fleet {
    private final LocalNode node;

    public LocalFleet(LocalNode node) {
        this.node = node;
    }

    @Override
    public CompletionStage<List<NodeReport>> nodes() {
        return CompletableFuture.completedFuture(List.of(node.node()));
    }

    @Override
    public CompletionStage<List<RoomReport>> rooms() {
        return CompletableFuture.completedFuture(node.rooms());
    }

    @Override
    public CompletionStage<List<PeerReport>> peers(String infoHash) {
        return CompletableFuture.completedFuture(node.peers(infoHash));
    }

    @Override
    public CompletionStage<PeerReport> kick(String infoHash, String peerId) {
        return CompletableFuture.completedFuture(node.kick(infoHash, peerId));
    }

    @Override
    public CompletionStage<List<AllocationReport>> allocations() {
        return CompletableFuture.completedFuture(node.allocations());
    }

    @Override
    public CompletionStage<AllocationReport> end(String id) {
        return CompletableFuture.completedFuture(node.end(id));
    }

    @Override
    public CompletionStage<Boolean> drain(String nodeId) {
        if (!node.id().equals(nodeId)) {
            return CompletableFuture.completedFuture(false);
        }
        node.drain();
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<ReloadReport> reload(String nodeId) {
        return CompletableFuture.completedFuture(node.id().equals(nodeId) ? node.reload() : null);
    }

    @Override
    public CompletionStage<Void> ban(BanList.Ban ban) {
        node.bans().add(ban);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> unban(String id) {
        return CompletableFuture.completedFuture(node.bans().remove(id) != null);
    }

    @Override
    public List<BanList.Ban> bans() {
        return node.bans().active(System.currentTimeMillis());
    }
}
