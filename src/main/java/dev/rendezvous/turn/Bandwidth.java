package dev.rendezvous.turn;

/**
 * A token bucket of bytes for one direction of one allocation: {@code bitsPerSecond} sustained, with a burst
 * of one second. Its monitor is the allocation's own, never shared with another allocation.
 */
final class Bandwidth {
    private final double bytesPerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    Bandwidth(long bitsPerSecond, long nowNanos) {
        this.bytesPerNano = bitsPerSecond / 8.0 / 1e9;
        this.capacity = bitsPerSecond / 8.0;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code bytes} if the bucket holds them; a packet over the rate is dropped, not queued. */
    synchronized boolean take(int bytes, long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * bytesPerNano);
        lastNanos = nowNanos;
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
