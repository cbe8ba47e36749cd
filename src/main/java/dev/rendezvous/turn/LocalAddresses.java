package dev.rendezvous.turn;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether an address is one of this machine's, so that a datagram sent to it is delivered by the kernel during the
 * send (the local route) rather than going out to the network. An advertised relay address behind NAT is not, and
 * a send to it may come back (hairpin) or not. Answers are remembered: a listener asks about the few relayed
 * addresses it hands out, once each. Not thread-safe.
 */
final class LocalAddresses {
    private final Map<InetAddress, Boolean> known = new HashMap<>();

    boolean contains(InetAddress address) {
        return known.computeIfAbsent(address, LocalAddresses::lookUp);
    }

    private static boolean lookUp(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return false; // a socket's wildcard, never a peer's destination
        }
        if (address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
