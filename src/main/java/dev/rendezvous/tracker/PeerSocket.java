package dev.rendezvous.tracker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client WebSocket as the tracker sees it: where its frames go, the (room, peer_id) pairs it owns,
 * and when it was last heard from. One socket may own many rooms and several peer_ids.
 */
public final class PeerSocket {
    private final OutboundSink sink;
    private final boolean ipv6;
    private final long openedNanos;
    private final Handshake handshake;
    private final Set<Membership> memberships = ConcurrentHashMap.newKeySet();
    private volatile long lastHeardNanos;
    private volatile boolean announced;

    public PeerSocket(OutboundSink sink, boolean ipv6, long nowNanos) {
        this(sink, ipv6, Handshake.UNKNOWN, nowNanos);
    }

    public PeerSocket(OutboundSink sink, boolean ipv6, Handshake handshake, long nowNanos) {
        this.sink = sink;
        this.ipv6 = ipv6;
        this.handshake = handshake;
        this.openedNanos = nowNanos;
        this.lastHeardNanos = nowNanos;
    }

    /** Who the client said it was when it connected. */
    public Handshake handshake() {
        return handshake;
    }

    public OutboundSink sink() {
        return sink;
    }

    public boolean ipv6() {
        return ipv6;
    }

    public void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    public void announced() {
        announced = true;
    }

    /**
     * A socket is idle when nothing came from it for {@code timeoutNanos}, or when it has had that long to
     * make its first announce and has not.
     */
    public boolean idle(long nowNanos, long timeoutNanos) {
        return nowNanos - lastHeardNanos > timeoutNanos || (!announced && nowNanos - openedNanos > timeoutNanos);
    }

    Set<Membership> memberships() {
        return memberships;
    }
}
