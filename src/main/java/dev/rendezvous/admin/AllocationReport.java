package dev.rendezvous.admin;

import java.util.List;

/**
 * One TURN allocation. Traffic counts are what its relay carried: {@code toPeers} from the client to its peers,
 * {@code toClient} back.
 *
 * @param relayed      its relayed transport addresses ({@code address:port}, IPv6 in brackets)
 * @param permissions  the peer addresses it may reach now
 * @param channels     its channel bindings ({@code number peer})
 * @param connections  RFC 6062 peer connections open now (TCP allocations)
 */
public record AllocationReport(String id, String node, String transport, String clientAddress, int clientPort,
                               String username, List<String> relayed, String created, String expires,
                               long packetsToPeers, long bytesToPeers, long packetsToClient, long bytesToClient,
                               List<String> permissions, List<String> channels, int connections) {
}
