package dev.rendezvous.tracker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A peer that announced an address and port (an HTTP or a UDP peer), as other peers are told of it.
 *
 * @param peerId  20-character binary string
 * @param address 4 (IPv4) or 16 (IPv6) bytes
 * @param port    1 to 65535
 */
public record AddressPeer(String peerId, byte[] address, int port) {

    public AddressPeer {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        address = address.clone();
    }

    public boolean ipv6() {
        return address.length == 16;
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** Writes the compact form (BEP 23 and BEP 15): the address, then the port big-endian. */
    public void writeCompact(byte[] into, int offset) {
        System.arraycopy(address, 0, into, offset, address.length);
        into[offset + address.length] = (byte) (port >>> 8);
        into[offset + address.length + 1] = (byte) port;
    }

    /** The compact form's length: 6 or 18 bytes. */
    public int compactLength() {
        return address.length + 2;
    }

    /** The address as text, for the dictionary model and the operator. */
    public String addressText() {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is checked
        }
    }

    /**
     * The peer's identity in its swarm: its peer_id with its compact address, as a binary string. Two addresses
     * announcing one peer_id are two peers, so that nobody can replace or remove another's entry by its peer_id.
     */
    String key() {
        char[] key = new char[peerId.length() + compactLength()];
        peerId.getChars(0, peerId.length(), key, 0);
        byte[] compact = new byte[compactLength()];
        writeCompact(compact, 0);
        for (int i = 0; i < compact.length; i++) {
            key[peerId.length() + i] = (char) (compact[i] & 0xFF);
        }
        return new String(key);
    }

    /** The peer a {@link #key()} names. */
    static AddressPeer ofKey(String key) {
        int addressLength = key.length() - 20 - 2;
        byte[] address = new byte[addressLength];
        for (int i = 0; i < addressLength; i++) {
            address[i] = (byte) key.charAt(20 + i);
        }
        int port = (key.charAt(20 + addressLength) << 8) | key.charAt(21 + addressLength);
        return new AddressPeer(key.substring(0, 20), address, port);
    }

    /** Whether {@code key} has the shape of a {@link #key()}: a peer_id and a 6- or 18-byte compact address. */
    static boolean isKey(String key) {
        return key.length() == 26 || key.length() == 38;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPeer other && port == other.port && peerId.equals(other.peerId)
                && Arrays.equals(address, other.address);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * peerId.hashCode() + Arrays.hashCode(address)) + port;
    }

    @Override
    public String toString() {
        return addressText() + " port " + port;
    }
}
