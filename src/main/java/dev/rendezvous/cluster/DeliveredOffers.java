package dev.rendezvous.cluster;

import java.util.Arrays;

/**
 * The offers that reached this node from the others lately, so that a second copy of one goes no further: at most
 * once per (target, offerer, offer_id). A second copy happens on a Redis Cluster, where Lettuce re-sends the commands
 * a connection had in flight when it dropped (its at-least-once mode, which a cluster connection needs): an announce
 * script that ran before a shard failed runs again on its successor, with the same arguments and so the same
 * targets, and publishes the same offers again. Lettuce re-sends only commands that have not timed out, so both
 * copies arrive within the command timeout of each other; this keeps what it saw for at least {@code windowNanos}.
 * <p>
 * Two generations of an open-addressed table of 64-bit hashes, the older dropped when the newer is as old as the
 * window or half full: memory is fixed ({@code 2 * 8 * slots} bytes), nothing is allocated per offer, and no lock
 * is taken. It is fed by the pub/sub connection's one thread; were it ever fed by two at once, the worst outcome is
 * a copy let through or a first one dropped, never a wedge (probes are bounded).
 */
final class DeliveredOffers {
    private static final long EMPTY = 0;
    private final long windowNanos;
    private final int mask;
    private final int limit;
    private long[] current;
    private long[] previous;
    private int size;
    private long since;

    /**
     * @param slots a power of two: the newer generation holds up to half as many offers, and once it does, the window
     *              shrinks to the time that took (at 32,768 slots and a 2 s window, beyond 8,000 offers/s from other
     *              nodes)
     */
    DeliveredOffers(long windowNanos, int slots, long nowNanos) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.windowNanos = windowNanos;
        this.mask = slots - 1;
        this.limit = slots / 2;
        this.current = new long[slots];
        this.previous = new long[slots];
        this.since = nowNanos;
    }

    /**
     * Whether the offer in {@code message} (info_hash and target in hex, then the frame) is seen for the first time.
     * Messages that are not offers (answers) always are.
     */
    boolean first(String message, int frameStart, long nowNanos) {
        int end = message.indexOf(",\"offer\":", frameStart);
        if (end < 0) {
            return true;
        }
        long key = hash(message, end);
        long age = nowNanos - since;
        if (age >= windowNanos || size >= limit) {
            long[] dropped = previous;
            previous = current;
            Arrays.fill(dropped, EMPTY);
            current = dropped;
            if (age >= 2 * windowNanos) {
                Arrays.fill(previous, EMPTY); // quiet for two windows: what it held is older than that
            }
            size = 0;
            since = nowNanos;
        }
        if (contains(previous, key)) {
            return false;
        }
        int slot = (int) (key ^ (key >>> 32)) & mask;
        for (int probes = 0; probes <= mask; probes++, slot = (slot + 1) & mask) {
            long held = current[slot];
            if (held == key) {
                return false;
            }
            if (held == EMPTY) {
                current[slot] = key;
                size++;
                return true;
            }
        }
        return true;
    }

    private boolean contains(long[] table, long key) {
        int slot = (int) (key ^ (key >>> 32)) & mask;
        for (int probes = 0; probes <= mask; probes++, slot = (slot + 1) & mask) {
            long held = table[slot];
            if (held == key) {
                return true;
            }
            if (held == EMPTY) {
                return false;
            }
        }
        return false;
    }

    /**
     * FNV-1a, 64 bits, over the room, the target and the frame up to its offer: the offerer's peer_id and the
     * offer_id (a frame is written by this server's encoder, so {@code ,"offer":} cannot occur in a string before).
     */
    private static long hash(String message, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < end; i++) {
            h ^= message.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == EMPTY ? 1 : h;
    }
}
