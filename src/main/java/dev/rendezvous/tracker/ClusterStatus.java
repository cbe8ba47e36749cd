package dev.rendezvous.tracker;

import java.util.List;

/**
 * A cluster node's view of the cluster, as of its last heartbeat.
 *
 * @param node         this node's id
 * @param started      whether the node has tried Redis yet (its first heartbeat ran, connected or not)
 * @param engineUp     whether the shared state is in use now (else this node serves its own peers only)
 * @param liveNodes    the nodes heard from within the node timeout, this one included
 * @param rooms        rooms with at least one peer on any node
 * @param otherNodes   the other live nodes' own figures
 */
public record ClusterStatus(String node, boolean started, boolean engineUp, List<String> liveNodes, int rooms,
                            List<TrackerStats> otherNodes) {
    public ClusterStatus {
        liveNodes = List.copyOf(liveNodes);
        otherNodes = List.copyOf(otherNodes);
    }
}
