package dev.rendezvous.turn;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The sender addresses of one socket's datagrams, decoded from a Linux {@code sockaddr_in} or {@code sockaddr_in6}
 * (as {@code recvfrom} writes it) into the same {@link InetSocketAddress} as the JDK's {@code receive} would return,
 * but created once per sender: a table keyed by address and port hands back the one made the first time. The table
 * is direct-mapped and bounded (a sender whose slot another took is decoded anew), so a socket's many past clients
 * cost a fixed amount of memory. Not thread-safe.
 */
final class SenderAddresses {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int V4_SLOTS = 1 << 16;
    private static final int V6_SLOTS = 1 << 14;

    /** Address, port and a set bit 48 (an empty slot is 0). */
    private final long[] v4Keys = new long[V4_SLOTS];
    private final InetSocketAddress[] v4 = new InetSocketAddress[V4_SLOTS];
    /** A v6 slot's key: its 16 address bytes at 16 times its index, its port and its scope. */
    private final byte[] v6Addresses = new byte[V6_SLOTS * 16];
    private final int[] v6Ports = new int[V6_SLOTS];
    private final int[] v6Scopes = new int[V6_SLOTS];
    private final InetSocketAddress[] v6 = new InetSocketAddress[V6_SLOTS];

    /** The sender in {@code sockaddr} (native byte order, from 0), or null for a family other than IPv4 and IPv6. */
    InetSocketAddress of(ByteBuffer sockaddr) {
        int family = sockaddr.getShort(0) & 0xFFFF;
        int port = (sockaddr.get(2) & 0xFF) << 8 | sockaddr.get(3) & 0xFF; // network order
        if (family == AF_INET) {
            long key = 1L << 48 | (sockaddr.getInt(4) & 0xFFFFFFFFL) << 16 | port;
            int slot = (int) (key * 0x9E3779B97F4A7C15L >>> 48);
            if (v4Keys[slot] != key) {
                byte[] address = new byte[4];
                sockaddr.get(4, address);
                v4[slot] = decoded(address, port, 0);
                v4Keys[slot] = key;
            }
            return v4[slot];
        }
        if (family == AF_INET6) {
            int scope = sockaddr.getInt(24);
            int hash = 31 * port + scope;
            for (int i = 8; i < 24; i += 4) {
                hash = 31 * hash + sockaddr.getInt(i);
            }
            int slot = hash * 0x9E3779B9 >>> 18;
            if (v6[slot] == null || v6Ports[slot] != port || v6Scopes[slot] != scope || !sameV6Address(sockaddr, slot)) {
                byte[] address = new byte[16];
                sockaddr.get(8, address);
                v6[slot] = decoded(address, port, scope);
                System.arraycopy(address, 0, v6Addresses, slot * 16, 16);
                v6Ports[slot] = port;
                v6Scopes[slot] = scope;
            }
            return v6[slot];
        }
        return null;
    }

    private boolean sameV6Address(ByteBuffer sockaddr, int slot) {
        for (int i = 0; i < 16; i++) {
            if (v6Addresses[slot * 16 + i] != sockaddr.get(8 + i)) {
                return false;
            }
        }
        return true;
    }

    /** As the JDK decodes it: an IPv4-mapped IPv6 address becomes an IPv4 one; a scope makes an Inet6Address. */
    private static InetSocketAddress decoded(byte[] address, int port, int scope) {
        try {
            InetAddress host = scope == 0 ? InetAddress.getByAddress(address) : Inet6Address.getByAddress(null, address, scope);
            return new InetSocketAddress(host, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a length other than 4 or 16
        }
    }
}
