package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundMessage;

/**
 * The transport side of one client socket. No method may block the caller: a caller may be another socket's
 * thread or the maintenance loop.
 */
public interface OutboundSink {
    /** The close code of a socket the operator kicked (a private-use code, RFC 6455 section 7.4.2). */
    int KICKED = 4001;

    void send(OutboundMessage message);

    /** Sends a frame already encoded (by this node or by another node of the cluster), as it is. */
    void sendText(String frame);

    /** Closes a socket that stayed silent past the idle timeout. */
    void closeIdle();

    /** Closes the socket because this server is shutting down (1001), so that its client reconnects elsewhere. */
    void closeGoingAway();

    /** Closes the socket because the operator kicked its peer ({@link #KICKED}). */
    void closeKicked();
}
