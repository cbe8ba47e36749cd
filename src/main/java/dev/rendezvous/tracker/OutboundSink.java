package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundMessage;

/**
 * The transport side of one client socket. No method may block another socket's thread or the maintenance loop;
 * only the socket's own thread may wait, briefly, for its own client (see {@link SessionSink}).
 */
public interface OutboundSink {
    void send(OutboundMessage message);

    /**
     * Closes the socket as a slow reader if a send to it has been waiting for its client longer than
     * {@code limitNanos}.
     *
     * @return whether it was closed
     */
    default boolean closeIfStuck(long nowNanos, long limitNanos) {
        return false;
    }

    /** Asks the client for a pong, so that a quiet but live client counts as heard. */
    void ping();

    /** Closes a socket that stayed silent past the idle timeout. */
    void closeIdle();
}
