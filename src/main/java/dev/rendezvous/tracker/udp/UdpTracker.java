package dev.rendezvous.tracker.udp;

import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.tracker.AddressAnnounce;
import dev.rendezvous.tracker.AddressReply;
import dev.rendezvous.tracker.AddressTracker;
import dev.rendezvous.tracker.Protocol;
import dev.rendezvous.tracker.ScrapeReply;
import dev.rendezvous.tracker.wire.FailureReason;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers BEP 15 requests, one datagram at a time, for one receive loop: decode ({@link UdpPackets}), check the
 * connection id ({@link ConnectionIds}), hand announces and scrapes to the {@link AddressTracker} every protocol shares,
 * and send the answer from the registry's completion, so that the loop never waits for it.
 * <p>
 * What a source that has not proven its address (no valid connection id yet) can get is bounded: connect answers and
 * errors, never larger than its packet, and at most so many a minute per source address. Not thread-safe (one per loop);
 * the completions it registers may run on any thread and only touch buffers of their own.
 */
public final class UdpTracker {
    private static final Logger LOG = Logger.getLogger(UdpTracker.class.getName());

    /** Where answers go: a non-blocking send that reports whether the datagram left. */
    @FunctionalInterface
    public interface Sender {
        boolean send(ByteBuffer datagram, InetSocketAddress client);
    }

    private final AddressTracker swarms;
    private final ConnectionIds ids;
    private final SourceLimiter unverified;
    private final Semaphore pending;
    private final UdpTrackerMetrics metrics;
    private final LongSupplier clockMillis;
    private final ByteBuffer out = ByteBuffer.allocate(UdpPackets.MAX_REQUEST);

    /**
     * @param unverified counts the answers to sources without a valid connection id, per source address
     * @param pending    permits for announces and scrapes waiting for the registry, shared by every loop
     */
    public UdpTracker(AddressTracker swarms, ConnectionIds ids, SourceLimiter unverified, Semaphore pending,
                      UdpTrackerMetrics metrics, LongSupplier clockMillis) {
        this.swarms = swarms;
        this.ids = ids;
        this.unverified = unverified;
        this.pending = pending;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
    }

    /** Handles the first {@code length} bytes of {@code packet} (which is reused once this returns) from {@code client}. */
    public void handle(byte[] packet, int length, InetSocketAddress client, Sender sender) {
        if (length >= UdpPackets.HEADER) {
            metrics.request(UdpAction.of(ByteBuffer.wrap(packet).getInt(8)));
        }
        UdpRequest request = UdpPackets.read(packet, length);
        if (request instanceof UdpRequest.Dropped dropped) {
            metrics.dropped(dropped.reason());
        } else if (request instanceof UdpRequest.Connect connect) {
            connect(connect, client, sender);
        } else if (request instanceof UdpRequest.Refused refused) {
            if (!refused.connect() && !ids.valid(refused.connectionId(), client, clockMillis.getAsLong())) {
                refuseUnverified(refused.transactionId(), UdpRefusal.BAD_CONNECTION_ID, length, client, sender);
            } else if (refused.connect()) {
                refuseUnverified(refused.transactionId(), refused.reason(), length, client, sender);
            } else {
                refuse(refused.transactionId(), refused.reason(), length, client, sender);
            }
        } else if (request instanceof UdpRequest.Announce announce) {
            if (ids.valid(announce.connectionId(), client, clockMillis.getAsLong())) {
                announce(announce, length, client, sender);
            } else {
                refuseUnverified(announce.transactionId(), UdpRefusal.BAD_CONNECTION_ID, length, client, sender);
            }
        } else if (request instanceof UdpRequest.Scrape scrape) {
            if (ids.valid(scrape.connectionId(), client, clockMillis.getAsLong())) {
                scrape(scrape, length, client, sender);
            } else {
                refuseUnverified(scrape.transactionId(), UdpRefusal.BAD_CONNECTION_ID, length, client, sender);
            }
        }
    }

    private void connect(UdpRequest.Connect connect, InetSocketAddress client, Sender sender) {
        if (!mayAnswerUnverified(client)) {
            return;
        }
        // Checked here, where a client starts, so that a banned address gets no connection id (announces also check).
        if (swarms.banned(client.getAddress().getHostAddress())) {
            metrics.failed(FailureReason.ADDRESS_BANNED);
            send(UdpPackets.error(out, connect.transactionId(), FailureReason.ADDRESS_BANNED.text(), UdpPackets.HEADER),
                    client, sender);
            return;
        }
        send(UdpPackets.connected(out, connect.transactionId(), ids.issue(client, clockMillis.getAsLong())), client, sender);
    }

    private void announce(UdpRequest.Announce request, int length, InetSocketAddress client, Sender sender) {
        if (!pending.tryAcquire()) {
            metrics.dropped(UdpDrop.OVERLOADED);
            return;
        }
        boolean ipv6 = client.getAddress() instanceof Inet6Address;
        int numwant = request.numwant() < 0 ? -1
                : Math.min(request.numwant(), ipv6 ? UdpPackets.MAX_PEERS_V6 : UdpPackets.MAX_PEERS_V4);
        AddressAnnounce announce = new AddressAnnounce(Protocol.UDP, request.infoHash(), request.peerId(),
                client.getAddress().getAddress(), request.port(), request.event(), request.left(), numwant);
        int transactionId = request.transactionId();
        swarms.announce(announce, true).whenComplete((reply, error) -> {
            pending.release();
            if (error != null) {
                LOG.log(Level.WARNING, "UDP announce from " + client + " failed", error);
            } else if (reply.failure() != null) {
                fail(transactionId, reply.failure(), length, client, sender);
            } else {
                send(UdpPackets.announced(transactionId, reply.interval(), reply.incomplete(), reply.complete(),
                        reply.peers(), ipv6), client, sender);
            }
        });
    }

    private void scrape(UdpRequest.Scrape request, int length, InetSocketAddress client, Sender sender) {
        if (!pending.tryAcquire()) {
            metrics.dropped(UdpDrop.OVERLOADED);
            return;
        }
        swarms.scrape(Protocol.UDP, request.infoHashes()).whenComplete((ScrapeReply reply, Throwable error) -> {
            pending.release();
            if (error != null) {
                LOG.log(Level.WARNING, "UDP scrape from " + client + " failed", error);
            } else if (reply.failure() != null) {
                fail(request.transactionId(), reply.failure(), length, client, sender);
            } else {
                send(UdpPackets.scraped(request.transactionId(), request.infoHashes(), reply.files()), client, sender);
            }
        });
    }

    /** The registry's refusal, answered from its completion (so in a buffer of its own). */
    private void fail(int transactionId, FailureReason reason, int requestLength, InetSocketAddress client, Sender sender) {
        metrics.failed(reason);
        send(UdpPackets.error(ByteBuffer.allocate(requestLength), transactionId, reason.text(), requestLength), client, sender);
    }

    private void refuseUnverified(int transactionId, UdpRefusal reason, int requestLength, InetSocketAddress client,
                                  Sender sender) {
        if (mayAnswerUnverified(client)) {
            refuse(transactionId, reason, requestLength, client, sender);
        } else {
            metrics.refused(reason);
        }
    }

    private void refuse(int transactionId, UdpRefusal reason, int requestLength, InetSocketAddress client, Sender sender) {
        metrics.refused(reason);
        send(UdpPackets.error(out, transactionId, reason.text(), requestLength), client, sender);
    }

    private boolean mayAnswerUnverified(InetSocketAddress client) {
        String source = client.getAddress().getHostAddress();
        long now = System.nanoTime();
        if (unverified.blocked(source, now)) {
            metrics.dropped(UdpDrop.RATE_LIMITED);
            return false;
        }
        unverified.count(source, now);
        return true;
    }

    private void send(ByteBuffer datagram, InetSocketAddress client, Sender sender) {
        if (!sender.send(datagram, client)) {
            metrics.dropped(UdpDrop.SEND_FAILED);
        }
    }
}
