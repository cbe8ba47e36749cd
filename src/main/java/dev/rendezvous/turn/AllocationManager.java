package dev.rendezvous.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every allocation, by 5-tuple. The only place that creates or deletes one: it enforces the quotas (in total and
 * per user) and picks relay ports from the configured range.
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

    /** Either an allocation or the reason there is none. */
    public record Created(Allocation allocation, Refusal refusal) {
    }

    /** Limits and addresses an allocation is made with. */
    public record Limits(int maxAllocations, int maxPerUser, int maxPermissions, int maxChannels,
                         int relayPortMin, int relayPortMax, InetAddress relayBind, InetAddress advertised) {
    }

    private static final int PORT_ATTEMPTS = 64;

    private final Limits limits;
    private final ConcurrentHashMap<FiveTuple, Allocation> byFiveTuple = new ConcurrentHashMap<>();
    /** Per listener (transport and server address), allocations by client address: the packet path's index. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<InetSocketAddress, Allocation>> byListener =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public AllocationManager(Limits limits) {
        this.limits = limits;
    }

    public Created create(FiveTuple fiveTuple, String user, long lifetimeSeconds, long nowNanos) {
        if (byFiveTuple.containsKey(fiveTuple)) {
            return new Created(null, Refusal.ALLOCATION_MISMATCH);
        }
        if (total.incrementAndGet() > limits.maxAllocations()) {
            total.decrementAndGet();
            return new Created(null, Refusal.QUOTA);
        }
        AtomicInteger mine = perUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (mine.incrementAndGet() > limits.maxPerUser()) {
            release(user, mine);
            return new Created(null, Refusal.QUOTA);
        }
        DatagramChannel relay = bindRelay();
        if (relay == null) {
            release(user, mine);
            return new Created(null, Refusal.INSUFFICIENT_CAPACITY);
        }
        int port = relay.socket().getLocalPort();
        Allocation allocation = new Allocation(fiveTuple, user, relay, new InetSocketAddress(limits.advertised(), port),
                nowNanos, limits.maxPermissions(), limits.maxChannels());
        allocation.refresh(nowNanos, lifetimeSeconds);
        if (byFiveTuple.putIfAbsent(fiveTuple, allocation) != null) {
            allocation.close();
            release(user, mine);
            return new Created(null, Refusal.ALLOCATION_MISMATCH);
        }
        index(fiveTuple.transport(), fiveTuple.server()).put(fiveTuple.client(), allocation);
        return new Created(allocation, null);
    }

    /**
     * The allocations of one listener by client address. A listener looks this map up once and then finds a
     * packet's allocation with one get, building no key.
     */
    public ConcurrentHashMap<InetSocketAddress, Allocation> index(Transport transport, InetSocketAddress server) {
        return byListener.computeIfAbsent(transport + "/" + server, k -> new ConcurrentHashMap<>());
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
            AtomicInteger mine = perUser.get(allocation.user());
            if (mine != null) {
                release(allocation.user(), mine);
            }
        }
    }

    /** Deletes the allocations whose lifetime ran out, and returns them. */
    public List<Allocation> expire(long nowNanos) {
        List<Allocation> expired = new ArrayList<>();
        for (Allocation allocation : byFiveTuple.values()) {
            if (allocation.expired(nowNanos)) {
                delete(allocation);
                expired.add(allocation);
            }
        }
        return expired;
    }

    public int count() {
        return byFiveTuple.size();
    }

    public Collection<Allocation> all() {
        return byFiveTuple.values();
    }

    public void deleteAll() {
        byFiveTuple.values().forEach(this::delete);
    }

    private void release(String user, AtomicInteger mine) {
        total.decrementAndGet();
        if (mine.decrementAndGet() <= 0) {
            perUser.remove(user, mine);
        }
    }

    /** A relay socket on a random free port of the range, or null when none could be bound. */
    private DatagramChannel bindRelay() {
        int span = limits.relayPortMax() - limits.relayPortMin() + 1;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port = limits.relayPortMin() + ThreadLocalRandom.current().nextInt(span);
            DatagramChannel channel = null;
            try {
                channel = DatagramChannel.open();
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
                channel.bind(new InetSocketAddress(limits.relayBind(), port));
                channel.configureBlocking(false);
                return channel;
            } catch (IOException taken) {
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing bound, nothing to release
                    }
                }
            }
        }
        return null;
    }
}
