package dev.rendezvous.cluster;

import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Each room's cluster-wide counts as the last reply from Redis gave them, served for a short while to re-announces
 * that change nothing. Counts in an announce response are a hint to the client, so a second's age is harmless.
 */
final class RecentCounts {
    private record Entry(ScrapeFile counts, long atNanos) {
    }

    private final ConcurrentHashMap<String, Entry> byRoom = new ConcurrentHashMap<>();
    private final long maxAgeNanos;

    RecentCounts(long maxAgeNanos) {
        this.maxAgeNanos = maxAgeNanos;
    }

    void put(String infoHash, int complete, int incomplete, long nowNanos) {
        byRoom.put(infoHash, new Entry(new ScrapeFile(complete, incomplete, 0), nowNanos));
    }

    /** The counts if they are recent enough, else null. */
    ScrapeFile get(String infoHash, long nowNanos) {
        Entry entry = byRoom.get(infoHash);
        return entry != null && nowNanos - entry.atNanos() <= maxAgeNanos ? entry.counts() : null;
    }

    void expire(long nowNanos) {
        byRoom.values().removeIf(entry -> nowNanos - entry.atNanos() > maxAgeNanos);
    }

    int size() {
        return byRoom.size();
    }
}
