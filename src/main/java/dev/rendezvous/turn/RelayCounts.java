package dev.rendezvous.turn;

/**
 * The relayed packets and bytes one listener thread counted since its last flush. Counting in plain fields and
 * handing the sums to {@link TurnMetrics} at most every {@link #FLUSH_NANOS} keeps the metrics library off the
 * per-packet path (under light load each selector round carries one packet, so a flush per round would not).
 * Not thread-safe: one per listener thread.
 */
final class RelayCounts {
    /** How far the relayed-traffic metrics may lag behind. */
    static final long FLUSH_NANOS = 100_000_000;
    /** How long a listener thread may wait in select while counts are pending. */
    static final long FLUSH_MILLIS = FLUSH_NANOS / 1_000_000;

    private long packetsToPeer;
    private long bytesToPeer;
    private long packetsToClient;
    private long bytesToClient;
    private long lastFlush = System.nanoTime();

    void toPeer(int bytes) {
        packetsToPeer++;
        bytesToPeer += bytes;
    }

    void toClient(int bytes) {
        packetsToClient++;
        bytesToClient += bytes;
    }

    boolean pending() {
        return packetsToPeer > 0 || packetsToClient > 0;
    }

    /** Hands the sums over if {@link #FLUSH_NANOS} passed since the last time. */
    void flushIfDue(TurnMetrics metrics, long nowNanos) {
        if (nowNanos - lastFlush < FLUSH_NANOS) {
            return;
        }
        lastFlush = nowNanos;
        if (packetsToPeer > 0) {
            metrics.relayedToPeer(packetsToPeer, bytesToPeer);
            packetsToPeer = 0;
            bytesToPeer = 0;
        }
        if (packetsToClient > 0) {
            metrics.relayedToClient(packetsToClient, bytesToClient);
            packetsToClient = 0;
            bytesToClient = 0;
        }
    }
}
