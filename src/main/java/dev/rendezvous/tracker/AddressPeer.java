package dev.rendezvous.tracker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A peer that announced an address and port (an HTTP or a UDP peer), as other peers are told of it. Immutable; it keeps
 * its compact form and its {@link #key()}, made once, since every reply copies the compact forms of up to numwant
 * peers and every announce looks its peer up by key.
 */
public final class AddressPeer {
    private final String peerId;
    /** The address (4 or 16 bytes), then the port big-endian: BEP 23's and BEP 15's compact form. */
    private final byte[] compact;
    private final String key;

    /**
     * @param peerId  20-character binary string
     * @param address 4 (IPv4) or 16 (IPv6) bytes
     * @param port    1 to 65535
     */
    public AddressPeer(String peerId, byte[] address, int port) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        this.peerId = peerId;
        compact = Arrays.copyOf(address, address.length + 2);
        compact[address.length] = (byte) (port >>> 8);
        compact[address.length + 1] = (byte) port;
        key = peerId + new String(compact, StandardCharsets.ISO_8859_1);
    }

    public String peerId() {
        return peerId;
    }

    public byte[] address() {
        return Arrays.copyOf(compact, compact.length - 2);
    }

    public int port() {
        return (compact[compact.length - 2] & 0xFF) << 8 | compact[compact.length - 1] & 0xFF;
    }

    public boolean ipv6() {
        return compact.length == 18;
    }

    /** Writes the compact form (BEP 23 and BEP 15): the address, then the port big-endian. */
    public void writeCompact(byte[] into, int offset) {
        System.arraycopy(compact, 0, into, offset, compact.length);
    }

    /** The compact form's length: 6 or 18 bytes. */
    public int compactLength() {
        return compact.length;
    }

    /** The address as text, for the dictionary model and the operator. */
    public String addressText() {
        try {
            return InetAddress.getByAddress(address()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is checked
        }
    }

    /**
     * The peer's identity in its swarm: its peer_id with its compact address, as a binary string. Two addresses
     * announcing one peer_id are two peers, so that nobody can replace or remove another's entry by its peer_id.
     */
    String key() {
        return key;
    }

    /** The peer a {@link #key()} names. */
    static AddressPeer ofKey(String key) {
        byte[] compact = key.substring(20).getBytes(StandardCharsets.ISO_8859_1);
        int port = (compact[compact.length - 2] & 0xFF) << 8 | compact[compact.length - 1] & 0xFF;
        return new AddressPeer(key.substring(0, 20), Arrays.copyOf(compact, compact.length - 2), port);
    }

    /** Whether {@code key} has the shape of a {@link #key()}: a peer_id and a 6- or 18-byte compact address. */
    static boolean isKey(String key) {
        return key.length() == 26 || key.length() == 38;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPeer other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return addressText() + " port " + port();
    }
}
