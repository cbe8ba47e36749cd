package dev.rendezvous.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every allocation, by 5-tuple. The only place that creates or deletes one: it enforces the quotas (in total, and
 * per {@link QuotaOwner}) and picks relay ports from the configured range.
 */
public final class AllocationManager {
    /** Why an Allocate failed, as the STUN error code to answer. */
    public enum Refusal {
        ALLOCATION_MISMATCH(437), QUOTA(486), INSUFFICIENT_CAPACITY(508);

        private final int code;

        Refusal(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Either an allocation (with the token of a reserved next port, or 0) or the reason there is none. */
    public record Created(Allocation allocation, Refusal refusal, long reservationToken) {
        Created(Allocation allocation, Refusal refusal) {
            this(allocation, refusal, 0);
        }
    }

    /**
     * What the Allocate asked of the relay: its address family (or both, {@code dualStack}: IPv4 plus IPv6), for
     * the first relay EVEN-PORT or a RESERVATION-TOKEN, and whether it relays TCP (RFC 6062) instead of UDP.
     */
    public record PortRequest(boolean ipv6, boolean dualStack, boolean even, boolean reserveNext, long reservationToken,
                              boolean tcp) {
        public static final PortRequest ANY = udp(false, false, false, false, 0);

        public static PortRequest udp(boolean ipv6, boolean dualStack, boolean even, boolean reserveNext, long token) {
            return new PortRequest(ipv6, dualStack, even, reserveNext, token, false);
        }

        public static PortRequest tcp(boolean ipv6) {
            return new PortRequest(ipv6, false, false, false, 0, true);
        }
    }

    /** A port held for a later Allocate that presents its token (RFC 8656 section 14.9), for 30 s. */
    private record Reservation(DatagramChannel channel, long expiresNanos) {
    }

    private static final long RESERVATION_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    private final ConcurrentHashMap<Long, Reservation> reservations = new ConcurrentHashMap<>();

    /**
     * Limits and addresses an allocation is made with. {@code maxPerUser} bounds a REST credential's peer,
     * {@code maxPerAddress} a static user at one client address (see {@link QuotaOwner}). {@code relayBindV6} and
     * {@code advertisedV6} are null when IPv6 relays are off; {@code maxBitsPerSecond} 0 means no bandwidth limit.
     */
    public record Limits(int maxAllocations, int maxPerUser, int maxPerAddress, int maxPermissions, int maxChannels,
                         int relayPortMin, int relayPortMax, InetAddress relayBind, InetAddress advertised,
                         InetAddress relayBindV6, InetAddress advertisedV6, long maxBitsPerSecond) {
        public Limits(int maxAllocations, int maxPerOwner, int maxPermissions, int maxChannels,
                      int relayPortMin, int relayPortMax, InetAddress relayBind, InetAddress advertised) {
            this(maxAllocations, maxPerOwner, maxPerOwner, maxPermissions, maxChannels, relayPortMin, relayPortMax,
                    relayBind, advertised, null, null, 0);
        }

        int maxFor(QuotaOwner owner) {
            return owner.perAddress() ? maxPerAddress : maxPerUser;
        }

        public boolean ipv6() {
            return relayBindV6 != null;
        }
    }

    private static final int PORT_ATTEMPTS = 64;

    private final Supplier<Limits> limitsNow;
    private final ConcurrentHashMap<FiveTuple, Allocation> byFiveTuple = new ConcurrentHashMap<>();
    /** Per listener (transport and server address), allocations by client address: the packet path's index. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<InetSocketAddress, Allocation>> byListener =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<QuotaOwner, AtomicInteger> perOwner = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile boolean refusing;
    private volatile AllocationListener listener;

    public AllocationManager(Limits limits) {
        this(() -> limits);
    }

    /**
     * @param limits the limits now, read for each new allocation: quotas change live (allocations already made keep
     *               theirs); the addresses and the relay port range must not change
     */
    public AllocationManager(Supplier<Limits> limits) {
        this.limitsNow = limits;
    }

    private Limits limits() {
        return limitsNow.get();
    }

    public Created create(FiveTuple fiveTuple, String user, QuotaOwner owner, long lifetimeSeconds, long nowNanos,
                          PortRequest ports) {
        Limits limits = limits();
        if (byFiveTuple.containsKey(fiveTuple)) {
            return new Created(null, Refusal.ALLOCATION_MISMATCH);
        }
        if (refusing) {
            return new Created(null, Refusal.INSUFFICIENT_CAPACITY);
        }
        if (total.incrementAndGet() > limits.maxAllocations()) {
            total.decrementAndGet();
            return new Created(null, Refusal.QUOTA);
        }
        AtomicInteger mine = perOwner.computeIfAbsent(owner, u -> new AtomicInteger());
        if (mine.incrementAndGet() > limits.maxFor(owner)) {
            release(owner, mine);
            return new Created(null, Refusal.QUOTA);
        }
        Allocation allocation;
        long token = 0;
        InetAddress advertised = ports.ipv6() ? limits.advertisedV6() : limits.advertised();
        if (ports.tcp()) {
            ServerSocketChannel listener = bindTcpRelay(ports.ipv6() ? limits.relayBindV6() : limits.relayBind());
            if (listener == null) {
                release(owner, mine);
                return new Created(null, Refusal.INSUFFICIENT_CAPACITY);
            }
            allocation = new Allocation(fiveTuple, user, owner, listener,
                    new InetSocketAddress(advertised, listener.socket().getLocalPort()), nowNanos,
                    limits.maxPermissions(), limits.maxChannels());
        } else {
            DatagramChannel[] pair = new DatagramChannel[2];
            if (ports.reservationToken() != 0) {
                Reservation reservation = reservations.remove(ports.reservationToken());
                pair[0] = reservation == null || nowNanos - reservation.expiresNanos() >= 0 ? null : reservation.channel();
            } else {
                bindRelay(ports.ipv6() ? limits.relayBindV6() : limits.relayBind(), ports.even(), ports.reserveNext(), pair);
            }
            DatagramChannel relay = pair[0];
            DatagramChannel second = null;
            if (relay != null && ports.dualStack()) {
                DatagramChannel[] v6 = new DatagramChannel[2];
                bindRelay(limits.relayBindV6(), false, false, v6);
                second = v6[0];
            }
            if (relay == null || (ports.dualStack() && second == null)) {
                closeQuietly(relay);
                closeQuietly(pair[1]);
                release(owner, mine);
                return new Created(null, Refusal.INSUFFICIENT_CAPACITY);
            }
            if (pair[1] != null) {
                do {
                    token = ThreadLocalRandom.current().nextLong();
                } while (token == 0 || reservations.putIfAbsent(token, new Reservation(pair[1], nowNanos + RESERVATION_NANOS)) != null);
            }
            InetSocketAddress relayAddress = new InetSocketAddress(advertised, relay.socket().getLocalPort());
            DatagramChannel[] relays = second == null ? new DatagramChannel[]{relay} : new DatagramChannel[]{relay, second};
            InetSocketAddress[] addresses = second == null ? new InetSocketAddress[]{relayAddress} : new InetSocketAddress[]{
                    relayAddress, new InetSocketAddress(limits.advertisedV6(), second.socket().getLocalPort())};
            allocation = new Allocation(fiveTuple, user, owner, relays, addresses, nowNanos, limits.maxPermissions(),
                    limits.maxChannels());
        }
        allocation.refresh(nowNanos, lifetimeSeconds);
        allocation.limit(limits.maxBitsPerSecond(), nowNanos);
        if (byFiveTuple.putIfAbsent(fiveTuple, allocation) != null) {
            allocation.close();
            release(owner, mine);
            return new Created(null, Refusal.ALLOCATION_MISMATCH);
        }
        index(fiveTuple.transport(), fiveTuple.server()).put(fiveTuple.client(), allocation);
        AllocationListener current = listener;
        if (current != null) {
            current.created(allocation);
        }
        return new Created(allocation, null, token);
    }

    /**
     * The allocations of one listener by client address. A listener looks this map up once and then finds a
     * packet's allocation with one get, building no key.
     */
    public ConcurrentHashMap<InetSocketAddress, Allocation> index(Transport transport, InetSocketAddress server) {
        return byListener.computeIfAbsent(transport + "/" + server, k -> new ConcurrentHashMap<>());
    }

    /** Whether IPv6 relays are offered. */
    public boolean ipv6() {
        return limits().ipv6();
    }

    public Allocation find(FiveTuple fiveTuple) {
        return byFiveTuple.get(fiveTuple);
    }

    /** Removes and closes {@code allocation}; harmless if it is already gone. */
    public void delete(Allocation allocation) {
        if (byFiveTuple.remove(allocation.fiveTuple(), allocation)) {
            FiveTuple key = allocation.fiveTuple();
            index(key.transport(), key.server()).remove(key.client(), allocation);
            allocation.close();
            AtomicInteger mine = perOwner.get(allocation.quotaOwner());
            if (mine != null) {
                release(allocation.quotaOwner(), mine);
            }
            AllocationListener current = listener;
            if (current != null) {
                current.ended(allocation);
            }
        }
    }

    /** From now on, allocations made and ended are told to {@code listener} (the operator's events). */
    public void listen(AllocationListener listener) {
        this.listener = listener;
    }

    /** The allocation the operator knows as {@code id}, or null. */
    public Allocation byId(String id) {
        for (Allocation allocation : byFiveTuple.values()) {
            if (allocation.id().equals(id)) {
                return allocation;
            }
        }
        return null;
    }

    /** Deletes the allocations whose lifetime ran out (and unclaimed reservations), and returns them. */
    public List<Allocation> expire(long nowNanos) {
        reservations.entrySet().removeIf(e -> {
            boolean stale = nowNanos - e.getValue().expiresNanos() >= 0;
            if (stale) {
                closeQuietly(e.getValue().channel());
            }
            return stale;
        });
        List<Allocation> expired = new ArrayList<>();
        for (Allocation allocation : byFiveTuple.values()) {
            if (allocation.expired(nowNanos)) {
                delete(allocation);
                expired.add(allocation);
            }
        }
        return expired;
    }

    /** Refuses every later allocation (508), as a node that is shutting down does; existing ones live on. */
    public void refuseNew() {
        refusing = true;
    }

    public int count() {
        return byFiveTuple.size();
    }

    public Collection<Allocation> all() {
        return byFiveTuple.values();
    }

    public void deleteAll() {
        byFiveTuple.values().forEach(this::delete);
        reservations.values().forEach(r -> closeQuietly(r.channel()));
        reservations.clear();
    }

    private void release(QuotaOwner owner, AtomicInteger mine) {
        total.decrementAndGet();
        if (mine.decrementAndGet() <= 0) {
            perOwner.remove(owner, mine);
        }
    }

    /**
     * Binds a relay socket on a random free port of the range into {@code pair[0]} (an even one if asked), and
     * with {@code reserveNext} the port after it into {@code pair[1]}; leaves null when no port could be bound.
     */
    private void bindRelay(InetAddress bind, boolean even, boolean reserveNext, DatagramChannel[] pair) {
        Limits limits = limits();
        int min = limits.relayPortMin();
        int max = limits.relayPortMax() - (reserveNext ? 1 : 0);
        for (int attempt = 0; attempt < PORT_ATTEMPTS && max >= min; attempt++) {
            int port = min + ThreadLocalRandom.current().nextInt(max - min + 1);
            if (even && (port & 1) == 1) {
                port = port - 1 >= min ? port - 1 : port + 1;
                if (port > max) {
                    continue;
                }
            }
            DatagramChannel first = open(bind, port);
            if (first == null) {
                continue;
            }
            if (!reserveNext) {
                pair[0] = first;
                return;
            }
            DatagramChannel second = open(bind, port + 1);
            if (second != null) {
                pair[0] = first;
                pair[1] = second;
                return;
            }
            closeQuietly(first);
        }
    }

    /**
     * Binds a listening TCP relay on a random free port of the range. SO_REUSEPORT lets the connections the server
     * opens to peers (Connect) leave from the same address that peers connect to.
     */
    private ServerSocketChannel bindTcpRelay(InetAddress bind) {
        Limits limits = limits();
        int min = limits.relayPortMin();
        int span = limits.relayPortMax() - min + 1;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port = min + ThreadLocalRandom.current().nextInt(span);
            ServerSocketChannel channel = null;
            try {
                channel = ServerSocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                channel.bind(new InetSocketAddress(bind, port), 64);
                channel.configureBlocking(false);
                return channel;
            } catch (IOException taken) {
                closeQuietly(channel);
            }
        }
        return null;
    }

    private DatagramChannel open(InetAddress bind, int port) {
        DatagramChannel channel = null;
        try {
            channel = DatagramChannels.openFor(bind);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            channel.bind(new InetSocketAddress(bind, port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException taken) {
            closeQuietly(channel);
            return null;
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
