package dev.rendezvous.cluster;

/** What cluster mode counts. The server's implementation feeds MicroProfile Metrics where the server has it. */
public interface ClusterMetrics {

    /** Why a message for another node's peer, or from another node, went nowhere. */
    enum Drop {
        /** The target's node was not subscribed (dead, or reconnecting): Redis pub/sub delivers at most once. */
        NODE_NOT_LISTENING("node-not-listening"),
        /** The frame reached this node, but its peer had left. */
        PEER_GONE("peer-gone"),
        /** The engine was away or slow, so the offers went to this node's peers only. */
        ENGINE_UNAVAILABLE("engine-unavailable"),
        /** A second copy of an offer its target had already been given (see {@link DeliveredOffers}). */
        DUPLICATE("duplicate");

        private final String tag;

        Drop(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    void sentToNodes(int count);

    void receivedFromNodes();

    void dropped(Drop reason, int count);
}
