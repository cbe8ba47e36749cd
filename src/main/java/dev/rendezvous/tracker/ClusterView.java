package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The other nodes of a cluster, as the tracker uses them. No method blocks: what needs the shared state comes back
 * as a stage, completed on the engine's own thread, or exceptionally when the engine is slow or away, and the
 * tracker then answers from this node's rooms alone. {@link #SINGLE_NODE} stands for no cluster at all.
 */
public interface ClusterView extends PresenceListener {

    /** True while the shared state is in use; when false the tracker serves from this node's rooms only. */
    boolean connected();

    /** Called once by the tracker: where the frames that other nodes address to this node's peers go. */
    void attach(LocalSwarms local);

    /**
     * Records {@code peerId} in room {@code infoHash} as held by this node, then chooses up to
     * {@code offerFrames.length} distinct other peers of the room on any node. Offers for peers on other nodes
     * are sent there; offers for peers on this node come back in the result.
     *
     * @param offerFrames the encoded offer frames, one per wanted target
     */
    CompletionStage<Announced> announce(String infoHash, String peerId, boolean seeder, boolean completed,
                                        String[] offerFrames);

    /**
     * Records an HTTP or UDP peer, keyed by its {@link AddressPeer#key()}, in room {@code infoHash} as held by this
     * node, then draws up to {@code wanted} distinct other HTTP or UDP peers of the room on any node: of the
     * announcer's family first ({@code ipv6}), then, unless {@code sameFamilyOnly}, of the other.
     */
    CompletionStage<AddressesAnnounced> announceAddress(String infoHash, String key, boolean seeder, boolean completed,
                                                        int wanted, boolean ipv6, boolean sameFamilyOnly);

    /**
     * Removes an HTTP or UDP peer from room {@code infoHash} whichever node holds it: its {@code stopped} may reach
     * another node than its announces did.
     */
    void leaveAddress(String infoHash, String key);

    /**
     * The result of {@link #announceAddress}: the room's counts, over every protocol, and the peers drawn, by their
     * keys.
     */
    record AddressesAnnounced(int complete, int incomplete, List<String> keys) {
    }

    /** The room's cluster-wide counts as a reply from the cluster gave them within the last second, or null. */
    ScrapeFile recentCounts(String infoHash);

    /** The room's cluster-wide counts, read after any change this node made before the call. */
    CompletionStage<ScrapeFile> counts(String infoHash);

    /** Sends an encoded frame to the node that holds {@code peerId}; true if a node took it. */
    CompletionStage<Boolean> route(String infoHash, String peerId, String frame);

    /** Cluster-wide counts of the rooms named, or of every room when {@code infoHashes} is empty. */
    CompletionStage<Map<String, ScrapeFile>> scrape(List<String> infoHashes);

    /** Whether another node has {@code peerId} announced now (the TURN gate). Local, never waits. */
    boolean announcedElsewhere(String peerId);

    /**
     * The result of {@link #announce}: the room's counts, and the offers that stay on this node.
     *
     * @param localTargets  peer_ids of this node's peers chosen as targets
     * @param localOffers   for each local target, the index of its frame in {@code offerFrames}
     * @param sentToNodes   offers sent to other nodes' peers
     */
    record Announced(int complete, int incomplete, List<String> localTargets, int[] localOffers, int sentToNodes) {
    }

    /** This node's state, when there is a cluster; empty for a single node. */
    java.util.Optional<ClusterStatus> status();

    /** What a node holds, for the engine: its own peers' sockets. */
    interface LocalSwarms {
        /** Sends {@code frame} to the socket that holds {@code peerId} in {@code infoHash} here; false if none does. */
        boolean deliver(String infoHash, String peerId, String frame);

        /** Whether this node holds a peer in room {@code infoHash}. */
        boolean holds(String infoHash);

        /**
         * Visits every (room, peer_id) pair this node holds, with whether the peer seeds; an HTTP or UDP peer is
         * visited by its {@link AddressPeer#key()}.
         */
        void forEachPeer(PeerVisitor visitor);

        /** This node's figures, for the other nodes. */
        TrackerStats figures();
    }

    @FunctionalInterface
    interface PeerVisitor {
        void visit(String infoHash, String peerId, boolean seeder);
    }

    ClusterView SINGLE_NODE = new SingleNode();
}
