package dev.rendezvous.turn;

import dev.rendezvous.auth.RestCredentials;

import java.net.InetAddress;

/**
 * Whose allocation quota an Allocate counts against. A REST credential's user part names one peer, so its
 * allocations count against that peer ({@code max-allocations-per-user}). A static user is usually one
 * credential that a deployment hands to every client, so its allocations count per client address
 * ({@code max-allocations-per-address}): each source is bounded, and the deployment as a whole is bounded only by
 * {@code max-allocations}.
 *
 * @param key        the counter's identity
 * @param perAddress whether the per-address bound applies (else the per-user one)
 */
public record QuotaOwner(String key, boolean perAddress) {

    public static QuotaOwner restPeer(String username) {
        String peer = RestCredentials.parse(username).map(RestCredentials.Username::user).orElse(username);
        return new QuotaOwner("peer " + peer, false);
    }

    public static QuotaOwner staticUser(String user, InetAddress client) {
        return new QuotaOwner("static " + user + " at " + client.getHostAddress(), true);
    }
}
