package dev.rendezvous.admin;

import dev.rendezvous.auth.BanList;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Every node, as the admin API reads and acts on them: this node alone ({@link LocalFleet}), or every node of the
 * cluster through Redis ({@code cluster.ClusterFleet}). Reads gather each node's share; an action reaches the node
 * that holds its target. No method blocks: a node that does not answer in time is left out of a read.
 */
public interface Fleet {
    CompletionStage<List<NodeReport>> nodes();

    /** Each node's rooms; the same room may come once per node that holds its peers. */
    CompletionStage<List<RoomReport>> rooms();

    CompletionStage<List<PeerReport>> peers(String infoHash);

    /** Kicks the peer on the node that holds it: its details, or null when no node does. */
    CompletionStage<PeerReport> kick(String infoHash, String peerId);

    CompletionStage<List<AllocationReport>> allocations();

    /** Ends the allocation on the node that holds it: its last details, or null when no node does. */
    CompletionStage<AllocationReport> end(String id);

    /** Starts draining node {@code nodeId}; false when there is no such node. */
    CompletionStage<Boolean> drain(String nodeId);

    /** Reloads node {@code nodeId}'s live settings: the outcome, or null when there is no such node. */
    CompletionStage<ReloadReport> reload(String nodeId);

    /** Refuses the ban's peer_id and address on every node until it ends. */
    CompletionStage<Void> ban(BanList.Ban ban);

    /** Lifts a ban everywhere; false when there is no such ban. */
    CompletionStage<Boolean> unban(String id);

    /** The bans in force (this node's copy, which every node shares). */
    List<BanList.Ban> bans();

    /** Starts listening to the other nodes, whose events go to {@code fromOtherNodes}. */
    default void start(Consumer<AdminEvent> fromOtherNodes) {
    }

    /** Where this node's events go for the other nodes' subscribers; null for a single node. */
    default Consumer<AdminEvent> toOtherNodes() {
        return null;
    }

    default void close() {
    }
}
