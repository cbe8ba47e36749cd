package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.FailureReason;

import java.util.List;

/**
 * The answer to an {@link AddressAnnounce}: the swarm's counts (every peer, whatever its protocol) and random other
 * peers that have an address, or a failure.
 *
 * @param failure null for a normal reply
 */
public record AddressReply(int interval, int minInterval, int complete, int incomplete, List<AddressPeer> peers,
                           FailureReason failure) {

    public AddressReply {
        peers = List.copyOf(peers);
    }

    public static AddressReply failed(FailureReason reason) {
        return new AddressReply(0, 0, 0, 0, List.of(), reason);
    }
}
