package dev.rendezvous.tracker;

import dev.rendezvous.auth.LimitHit;
import dev.rendezvous.auth.LimitListener;
import dev.rendezvous.config.AbuseLimits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The tracker's abuse limits: open sockets per client address, and frames per socket ({@link MessageBudget}). The
 * limits are read per use, so they change live. Each time one stops a client, the listener hears of it.
 */
public final class SocketLimits {
    private final Supplier<AbuseLimits> limits;
    private final LimitListener listener;
    private final ConcurrentHashMap<String, Integer> sockets = new ConcurrentHashMap<>();

    public SocketLimits(Supplier<AbuseLimits> limits, LimitListener listener) {
        this.limits = limits;
        this.listener = listener;
    }

    /** Counts a socket of {@code address}; false (and not counted) when that address has its limit already. */
    boolean open(String address) {
        if (address == null) {
            return true;
        }
        int max = limits.get().socketsPerAddress();
        if (sockets.merge(address, 1, Integer::sum) > max) {
            closed(address);
            listener.limited(LimitHit.now(AbuseLimits.SOCKETS_PER_ADDRESS, address, "refused"));
            return false;
        }
        return true;
    }

    /** Uncounts a socket that {@link #open} counted. */
    void closed(String address) {
        if (address == null) {
            return;
        }
        sockets.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /** Takes one frame from a socket's budget, telling the listener when the socket is refused or closed. */
    MessageBudget.Verdict take(MessageBudget budget, long nowNanos, String address) {
        AbuseLimits now = limits.get();
        MessageBudget.Verdict verdict = budget.take(nowNanos, now.messagesPerSecond(), now.messageBurst());
        if (verdict == MessageBudget.Verdict.REFUSE_AND_TELL) {
            listener.limited(LimitHit.now(AbuseLimits.MESSAGES_PER_SECOND, address, "refused"));
        } else if (verdict == MessageBudget.Verdict.CLOSE) {
            listener.limited(LimitHit.now(AbuseLimits.MESSAGES_PER_SECOND, address, "closed"));
        }
        return verdict;
    }

    /** Open sockets of {@code address}, for tests and views. */
    public int sockets(String address) {
        return sockets.getOrDefault(address, 0);
    }
}
