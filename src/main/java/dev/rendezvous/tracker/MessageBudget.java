package dev.rendezvous.tracker;

/**
 * One socket's message allowance: a token bucket of {@code burst} frames refilled at {@code rate} a second. A frame
 * past it is refused; refused frames still draw on the bucket, so a client that goes on sending while refused sinks
 * to {@code -burst} and is closed. Not thread-safe: the container delivers one socket's frames one at a time. No
 * allocation, no lock.
 */
final class MessageBudget {
    enum Verdict {
        /** Within the allowance. */
        PASS,
        /** The first frame refused since the client was last within its allowance: tell it. */
        REFUSE_AND_TELL,
        /** Refused, already told. */
        REFUSE,
        /** Went on far past the allowance: close the socket. */
        CLOSE
    }

    private double tokens = Double.NaN;
    private long lastNanos;
    private boolean closing;

    Verdict take(long nowNanos, int rate, int burst) {
        if (closing) {
            return Verdict.REFUSE; // CLOSE is said once; frames already on their way are dropped
        }
        if (Double.isNaN(tokens)) {
            tokens = burst;
        } else {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * 1e-9 * rate);
        }
        lastNanos = nowNanos;
        double before = tokens;
        tokens -= 1;
        if (tokens >= 0) {
            return Verdict.PASS;
        }
        if (tokens <= -burst) {
            closing = true;
            return Verdict.CLOSE;
        }
        return before >= 0 ? Verdict.REFUSE_AND_TELL : Verdict.REFUSE;
    }
}
