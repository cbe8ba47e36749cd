package dev.rendezvous.turn;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client's relay: its 5-tuple, the relay socket, its lifetime, and the peers it may talk to. The packet
 * paths read permissions and channels without locks or allocation (copy-on-write arrays, bounded by the
 * per-allocation quotas); the request path changes them under the allocation's own monitor.
 */
public final class Allocation {
    /** What a ChannelBind request did. */
    public enum BindResult { BOUND, NUMBER_BOUND_TO_OTHER_PEER, PEER_BOUND_TO_OTHER_NUMBER, QUOTA }

    private final FiveTuple fiveTuple;
    private final String user;
    private final QuotaOwner quotaOwner;
    /** One relay socket per address family (IPv4 first); two for a dual-stack allocation; none for a TCP one. */
    private final DatagramChannel[] relays;
    /** The listening relay socket of a TCP allocation (RFC 6062), else null. */
    private final ServerSocketChannel tcpRelay;
    private final InetSocketAddress[] relayAddresses;
    private final int maxPermissions;
    private final int maxChannels;
    /** The operator's handle on it: 16 random hex digits. */
    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final long createdMillis = System.currentTimeMillis();
    /*
     * What it relayed, for the operator. Each direction is written by one listener thread only (the one that reads
     * the client's, or the relay's, socket), as plain fields: the operator's reads may lag, never the relay.
     */
    private long packetsToPeers;
    private long bytesToPeers;
    private long packetsToClient;
    private long bytesToClient;
    /** RFC 6062 peer connections open now (TCP allocations), written by the listener that holds them. */
    private volatile int connections;
    private volatile long expiresNanos;
    private volatile boolean closed;
    private volatile ClientLink link;
    private volatile Permission[] permissions = new Permission[0];
    private volatile ChannelBinding[] channels = new ChannelBinding[0];
    /** How much its UDP listener reads from its relay sockets per round (that thread's only). */
    private final ReadBudget relayReads = new ReadBudget();
    /** Per-direction bandwidth limits, or null when unlimited. */
    private Bandwidth toPeers;
    private Bandwidth toClient;

    Allocation(FiveTuple fiveTuple, String user, QuotaOwner quotaOwner, DatagramChannel[] relays,
               InetSocketAddress[] relayAddresses, long expiresNanos, int maxPermissions, int maxChannels) {
        this(fiveTuple, user, quotaOwner, relays, null, relayAddresses, expiresNanos, maxPermissions, maxChannels);
    }

    /** A TCP allocation: peers are reached through connections from, and to, {@code tcpRelay}'s address. */
    Allocation(FiveTuple fiveTuple, String user, QuotaOwner quotaOwner, ServerSocketChannel tcpRelay,
               InetSocketAddress relayAddress, long expiresNanos, int maxPermissions, int maxChannels) {
        this(fiveTuple, user, quotaOwner, new DatagramChannel[0], tcpRelay, new InetSocketAddress[]{relayAddress},
                expiresNanos, maxPermissions, maxChannels);
    }

    private Allocation(FiveTuple fiveTuple, String user, QuotaOwner quotaOwner, DatagramChannel[] relays,
                       ServerSocketChannel tcpRelay, InetSocketAddress[] relayAddresses, long expiresNanos,
                       int maxPermissions, int maxChannels) {
        this.fiveTuple = fiveTuple;
        this.user = user;
        this.quotaOwner = quotaOwner;
        this.relays = relays;
        this.tcpRelay = tcpRelay;
        this.relayAddresses = relayAddresses;
        this.expiresNanos = expiresNanos;
        this.maxPermissions = maxPermissions;
        this.maxChannels = maxChannels;
    }

    public String id() {
        return id;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** When it ends unless refreshed, as {@link System#nanoTime()}. */
    public long expiresNanos() {
        return expiresNanos;
    }

    void relayedToPeer(int bytes) {
        packetsToPeers++;
        bytesToPeers += bytes;
    }

    void relayedToClient(int bytes) {
        packetsToClient++;
        bytesToClient += bytes;
    }

    void connections(int open) {
        connections = open;
    }

    /** What the operator sees of it now. */
    public Traffic traffic() {
        return new Traffic(packetsToPeers, bytesToPeers, packetsToClient, bytesToClient);
    }

    /** Packets and bytes relayed each way. */
    public record Traffic(long packetsToPeers, long bytesToPeers, long packetsToClient, long bytesToClient) {
    }

    public int connectionCount() {
        return connections;
    }

    /** The peers it may reach now (live permissions). */
    public List<InetAddress> permittedPeers(long nowNanos) {
        List<InetAddress> live = new ArrayList<>();
        for (Permission permission : permissions) {
            if (nowNanos - permission.expiresNanos < 0) {
                live.add(permission.address);
            }
        }
        return live;
    }

    /** Its live channel bindings, number to peer. */
    public Map<Integer, InetSocketAddress> channels(long nowNanos) {
        Map<Integer, InetSocketAddress> live = new TreeMap<>();
        for (ChannelBinding binding : channels) {
            if (nowNanos - binding.expiresNanos < 0) {
                live.put(binding.number, binding.peer);
            }
        }
        return live;
    }

    public FiveTuple fiveTuple() {
        return fiveTuple;
    }

    public String user() {
        return user;
    }

    QuotaOwner quotaOwner() {
        return quotaOwner;
    }

    /** The relay sockets, one per address family. */
    public DatagramChannel[] relays() {
        return relays;
    }

    /** The relayed transport addresses the client is told (XOR-RELAYED-ADDRESS), in the order of {@link #relays()}. */
    public InetSocketAddress[] relayAddresses() {
        return relayAddresses.clone();
    }

    /** The first relayed address (the requested family's). */
    public InetSocketAddress relayAddress() {
        return relayAddresses[0];
    }

    /** The listening relay socket of a TCP allocation, or null for a UDP one. */
    public ServerSocketChannel tcpRelay() {
        return tcpRelay;
    }

    /** Whether this allocation has a relayed address of {@code peer}'s family. */
    public boolean reaches(InetAddress peer) {
        for (InetSocketAddress relayed : relayAddresses) {
            if (sameFamily(relayed.getAddress(), peer)) {
                return true;
            }
        }
        return false;
    }

    /** Whether it was deleted (its sockets are closed). */
    public boolean closed() {
        return closed;
    }

    /** The relay socket of {@code peer}'s address family, or null when this allocation has none. */
    public DatagramChannel relayFor(InetAddress peer) {
        for (int i = 0; i < relays.length; i++) {
            if (sameFamily(relayAddresses[i].getAddress(), peer)) {
                return relays[i];
            }
        }
        return null;
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof Inet4Address) == (b instanceof Inet4Address);
    }

    void limit(long bitsPerSecond, long nowNanos) {
        if (bitsPerSecond > 0) {
            toPeers = new Bandwidth(bitsPerSecond, nowNanos);
            toClient = new Bandwidth(bitsPerSecond, nowNanos);
        }
    }

    /** Whether {@code bytes} more may go to peers now (always, without a limit). */
    public boolean mayRelayToPeers(int bytes, long nowNanos) {
        return toPeers == null || toPeers.take(bytes, nowNanos);
    }

    /** Whether {@code bytes} more may go to the client now (always, without a limit). */
    public boolean mayRelayToClient(int bytes, long nowNanos) {
        return toClient == null || toClient.take(bytes, nowNanos);
    }

    ReadBudget relayReads() {
        return relayReads;
    }

    /** The way back to the client, for data arriving from peers. */
    public ClientLink link() {
        return link;
    }

    void link(ClientLink clientLink) {
        link = clientLink;
    }

    public boolean expired(long nowNanos) {
        return nowNanos - expiresNanos >= 0;
    }

    void refresh(long nowNanos, long lifetimeSeconds) {
        expiresNanos = nowNanos + TimeUnit.SECONDS.toNanos(lifetimeSeconds);
    }

    /**
     * Installs or refreshes a permission for {@code ip}.
     *
     * @return false when the quota of permissions is reached
     */
    synchronized boolean permit(InetAddress ip, long nowNanos) {
        long expires = nowNanos + TimeUnit.SECONDS.toNanos(Permission.LIFETIME_SECONDS);
        for (Permission permission : permissions) {
            if (permission.address.equals(ip)) {
                permission.expiresNanos = expires;
                return true;
            }
        }
        Permission[] live = Arrays.stream(permissions).filter(p -> nowNanos - p.expiresNanos < 0).toArray(Permission[]::new);
        if (live.length >= maxPermissions) {
            return false;
        }
        Permission[] grown = Arrays.copyOf(live, live.length + 1);
        grown[live.length] = new Permission(ip, expires);
        permissions = grown;
        return true;
    }

    /** Whether traffic with {@code ip} is permitted now. Lock-free and allocation-free. */
    public boolean permitted(InetAddress ip, long nowNanos) {
        for (Permission permission : permissions) {
            if (permission.address.equals(ip)) {
                return nowNanos - permission.expiresNanos < 0;
            }
        }
        return false;
    }

    synchronized BindResult bind(int number, InetSocketAddress peer, long nowNanos) {
        long expires = nowNanos + TimeUnit.SECONDS.toNanos(ChannelBinding.LIFETIME_SECONDS);
        for (ChannelBinding binding : channels) {
            boolean live = nowNanos - binding.expiresNanos < 0;
            if (binding.number == number) {
                if (!binding.peer.equals(peer) && live) {
                    return BindResult.NUMBER_BOUND_TO_OTHER_PEER;
                }
                if (binding.peer.equals(peer)) {
                    binding.expiresNanos = expires;
                    return BindResult.BOUND;
                }
            } else if (binding.peer.equals(peer) && live) {
                return BindResult.PEER_BOUND_TO_OTHER_NUMBER;
            }
        }
        ChannelBinding[] live = Arrays.stream(channels)
                .filter(b -> nowNanos - b.expiresNanos < 0 && b.number != number)
                .toArray(ChannelBinding[]::new);
        if (live.length >= maxChannels) {
            return BindResult.QUOTA;
        }
        ChannelBinding[] grown = Arrays.copyOf(live, live.length + 1);
        grown[live.length] = new ChannelBinding(number, peer, expires);
        channels = grown;
        return BindResult.BOUND;
    }

    /** Installs or refreshes the permission a channel binding implies, even at the permission quota. */
    synchronized void permitForChannel(InetAddress ip, long nowNanos) {
        if (!permit(ip, nowNanos)) {
            Permission[] grown = Arrays.copyOf(permissions, permissions.length + 1);
            grown[permissions.length] = new Permission(ip, nowNanos + TimeUnit.SECONDS.toNanos(Permission.LIFETIME_SECONDS));
            permissions = grown;
        }
    }

    /** The live binding of {@code number}, or null. Lock-free. */
    public InetSocketAddress channelPeer(int number, long nowNanos) {
        for (ChannelBinding binding : channels) {
            if (binding.number == number) {
                return nowNanos - binding.expiresNanos < 0 ? binding.peer : null;
            }
        }
        return null;
    }

    /** The live channel number bound to {@code peer}, or -1. Lock-free. */
    public int channelFor(InetSocketAddress peer, long nowNanos) {
        for (ChannelBinding binding : channels) {
            if (binding.peer.equals(peer)) {
                return nowNanos - binding.expiresNanos < 0 ? binding.number : -1;
            }
        }
        return -1;
    }

    void close() {
        closed = true;
        ClientLink current = link;
        if (current != null) {
            current.release();
        }
        if (tcpRelay != null) {
            try {
                tcpRelay.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        for (DatagramChannel relay : relays) {
            try {
                relay.close();
            } catch (IOException ignored) {
                // closing a datagram channel only fails if it is already closed
            }
        }
    }
}
