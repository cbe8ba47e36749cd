package dev.rendezvous.tracker;

import dev.rendezvous.auth.AccessList;
import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.wire.Event;
import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.InboundMessage;
import dev.rendezvous.tracker.wire.Offer;
import dev.rendezvous.tracker.wire.OutboundEncoder;
import dev.rendezvous.tracker.wire.OutboundMessage;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The tracker's behaviour, independent of the WebSocket container: a decoded message in, frames out to the
 * sinks of the sockets concerned. Thread-safe; called on each socket's own thread.
 * <p>
 * This node's rooms hold the peers of its own sockets, always. In a cluster they are also mirrored in the shared
 * state ({@link ClusterView}), and whatever is about a whole room (counts, offer targets, an answer's offerer) is
 * taken from there, asynchronously; when the cluster is away or slow, the same answer comes from this node's
 * rooms instead.
 */
public final class TrackerService implements ClusterView.LocalSwarms {
    private final Supplier<TrackerSettings> settings;
    private final Supplier<AccessList> accessList;
    private final RoomRegistry registry;
    private final TrackerMetrics metrics;
    private final ClusterView cluster;
    private final BanList bans;
    private final Set<PeerSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    public TrackerService(TrackerSettings settings, RoomRegistry registry, TrackerMetrics metrics) {
        this(settings, registry, metrics, ClusterView.SINGLE_NODE);
    }

    public TrackerService(TrackerSettings settings, RoomRegistry registry, TrackerMetrics metrics, ClusterView cluster) {
        this(settings, registry, metrics, cluster, new BanList());
    }

    public TrackerService(TrackerSettings settings, RoomRegistry registry, TrackerMetrics metrics, ClusterView cluster,
                          BanList bans) {
        this(() -> settings, () -> AccessList.OFF, registry, metrics, cluster, bans);
    }

    /**
     * @param settings   the current settings, read per use (they change live)
     * @param accessList the current access list, read per announce, answer and scrape
     * @param bans       the operator's bans, read per handshake and announce
     */
    public TrackerService(Supplier<TrackerSettings> settings, Supplier<AccessList> accessList, RoomRegistry registry,
                          TrackerMetrics metrics, ClusterView cluster, BanList bans) {
        this.settings = settings;
        this.accessList = accessList;
        this.registry = registry;
        this.metrics = metrics;
        this.cluster = cluster;
        this.bans = bans;
        if (cluster != ClusterView.SINGLE_NODE) {
            registry.listen(cluster);
            cluster.attach(this);
        }
    }

    public PeerSocket open(OutboundSink sink, boolean ipv6, long nowNanos) {
        return open(sink, ipv6, Handshake.UNKNOWN, nowNanos);
    }

    public PeerSocket open(OutboundSink sink, boolean ipv6, Handshake handshake, long nowNanos) {
        PeerSocket socket = new PeerSocket(sink, ipv6, handshake, nowNanos);
        sockets.add(socket);
        return socket;
    }

    /**
     * The operator's kick: the socket that holds {@code peerId} in room {@code infoHash} here leaves every room it
     * is in, and is closed with {@link OutboundSink#KICKED}.
     *
     * @return the details the peer had, or null if this node holds no such peer
     */
    public PeerDetails kick(String infoHash, String peerId) {
        Room room = registry.room(infoHash);
        PeerDetails details = room == null ? null : room.details(peerId);
        if (details == null) {
            return null;
        }
        if (details.protocol() != Protocol.WEBSOCKET) {
            registry.leaveAddress(infoHash, peerId); // no socket: it is listed again if it re-announces
            return details;
        }
        PeerSocket socket = registry.ownerOf(infoHash, peerId);
        if (socket == null) {
            return null;
        }
        close(socket);
        socket.sink().closeKicked();
        return details;
    }

    /** Whether a handshake from {@code address} is refused by a ban. */
    public boolean banned(String address) {
        return bans.refusesAddress(address, System.currentTimeMillis());
    }

    public void close(PeerSocket socket) {
        if (sockets.remove(socket)) {
            registry.disconnect(socket);
        }
    }

    public void handle(PeerSocket socket, InboundMessage message, long nowNanos) {
        socket.heard(nowNanos);
        metrics.frameReceived();
        if (message instanceof InboundMessage.Announce announce) {
            announce(socket, announce, nowNanos);
        } else if (message instanceof InboundMessage.Answer answer) {
            answer(socket, answer, nowNanos);
        } else if (message instanceof InboundMessage.Scrape scrape) {
            scrape(socket, scrape);
        } else if (message instanceof InboundMessage.Invalid invalid) {
            fail(socket, invalid);
        }
    }

    private void announce(PeerSocket socket, InboundMessage.Announce announce, long nowNanos) {
        metrics.announce();
        socket.announced();
        String infoHash = announce.infoHash();
        if (bans.any() && bans.refusesPeer(announce.peerId(), System.currentTimeMillis())) {
            fail(socket, new InboundMessage.Invalid(FailureReason.BANNED, "announce", infoHash));
            return;
        }
        if (announce.event() == Event.STOPPED) {
            registry.leave(socket, infoHash, announce.peerId());
            if (cluster.connected()) {
                cluster.counts(infoHash).whenComplete((counts, failure) ->
                        respond(socket, infoHash, failure == null ? counts : registry.scrape(infoHash)));
            } else {
                respond(socket, infoHash, registry.scrape(infoHash));
            }
            return;
        }
        if (!accessList.get().allows(infoHash)) {
            registry.leave(socket, infoHash, announce.peerId()); // a swarm refused since it joined empties as peers re-announce
            fail(socket, new InboundMessage.Invalid(FailureReason.SWARM_REFUSED, "announce", infoHash));
            return;
        }
        Room room = registry.join(socket, infoHash, announce.peerId(), announce.seeder(),
                announce.event() == Event.COMPLETED, nowNanos, settings().maxRoomsPerSocket());
        if (room == RoomRegistry.REFUSED) {
            fail(socket, new InboundMessage.Invalid(FailureReason.TOO_MANY_ROOMS, "announce", infoHash));
            return;
        }
        if (cluster.connected()) {
            announceToCluster(socket, room, announce);
            return;
        }
        respond(socket, infoHash, room.complete(), room.incomplete());
        forwardOffers(room, announce);
    }

    private void forwardOffers(Room room, InboundMessage.Announce announce) {
        List<Offer> offers = announce.offers();
        int wanted = Math.min(offers.size(), settings().maxOffers());
        if (wanted == 0) {
            return;
        }
        PeerSocket[] targets = new PeerSocket[wanted];
        int chosen = room.pickOthers(announce.peerId(), targets);
        for (int i = 0; i < chosen; i++) {
            Offer offer = offers.get(i);
            targets[i].sink().send(new OutboundMessage.ForwardedOffer(
                    announce.infoHash(), announce.peerId(), offer.offerId(), offer.offer()));
        }
        metrics.offersForwarded(chosen);
    }

    /**
     * The cluster chooses the targets among every node's peers, and sends the offers for other nodes' peers. A
     * re-announce without offers that changes nothing the cluster holds is answered with the room's counts as the
     * cluster last gave them, if they are recent: no round trip for the periodic announces of settled swarms.
     */
    private void announceToCluster(PeerSocket socket, Room room, InboundMessage.Announce announce) {
        String infoHash = announce.infoHash();
        if (announce.offers().isEmpty() && announce.event() != Event.COMPLETED && room.mirrored(announce.peerId(), socket)) {
            ScrapeFile counts = cluster.recentCounts(infoHash);
            if (counts != null) {
                respond(socket, infoHash, counts);
                return;
            }
        }
        String[] frames = new String[Math.min(announce.offers().size(), settings().maxOffers())];
        for (int i = 0; i < frames.length; i++) {
            Offer offer = announce.offers().get(i);
            frames[i] = OutboundEncoder.text(new OutboundMessage.ForwardedOffer(
                    infoHash, announce.peerId(), offer.offerId(), offer.offer()));
        }
        cluster.announce(infoHash, announce.peerId(), announce.seeder(), announce.event() == Event.COMPLETED, frames)
                .whenComplete((result, failure) -> {
                    Room now = registry.room(infoHash); // the room may have emptied and been replaced meanwhile
                    if (failure != null) {
                        respond(socket, infoHash, registry.scrape(infoHash));
                        if (now != null) {
                            forwardOffers(now, announce);
                        }
                        return;
                    }
                    respond(socket, infoHash, result.complete(), result.incomplete());
                    if (now != null) {
                        now.markMirrored(announce.peerId(), socket, announce.seeder());
                    }
                    int delivered = result.sentToNodes();
                    for (int i = 0; i < result.localTargets().size(); i++) {
                        PeerSocket target = now == null ? null : now.offerTarget(result.localTargets().get(i));
                        if (target != null) {
                            target.sink().sendText(frames[result.localOffers()[i]]);
                            delivered++;
                        }
                    }
                    if (now != null && delivered > 0) {
                        now.offersSent(announce.peerId(), delivered);
                    }
                    metrics.offersForwarded(delivered);
                });
    }

    private void answer(PeerSocket socket, InboundMessage.Answer answer, long nowNanos) {
        metrics.announce();
        socket.announced();
        if (!accessList.get().allows(answer.infoHash())) {
            fail(socket, new InboundMessage.Invalid(FailureReason.SWARM_REFUSED, "announce", answer.infoHash()));
            return;
        }
        Room room = registry.join(socket, answer.infoHash(), answer.peerId(), false, false, nowNanos,
                settings().maxRoomsPerSocket());
        if (room == RoomRegistry.REFUSED) {
            fail(socket, new InboundMessage.Invalid(FailureReason.TOO_MANY_ROOMS, "announce", answer.infoHash()));
            return;
        }
        if (answer.toPeerId().equals(answer.peerId())) {
            metrics.answerWithoutTarget();
            return;
        }
        OutboundMessage.ForwardedAnswer forwarded = new OutboundMessage.ForwardedAnswer(
                answer.infoHash(), answer.peerId(), answer.offerId(), answer.answer());
        PeerSocket target = registry.ownerOf(answer.infoHash(), answer.toPeerId());
        if (target != null) {
            target.sink().send(forwarded);
            metrics.answerForwarded();
        } else if (cluster.connected()) {
            if (!room.mirrored(answer.peerId(), socket)) {
                // An answer joins its sender, as it does here; an answerer that announced already needs no second script.
                cluster.announce(answer.infoHash(), answer.peerId(), false, false, new String[0]).thenRun(() -> {
                    Room now = registry.room(answer.infoHash());
                    if (now != null) {
                        now.markMirrored(answer.peerId(), socket, false);
                    }
                });
            }
            cluster.route(answer.infoHash(), answer.toPeerId(), OutboundEncoder.text(forwarded))
                    .whenComplete((taken, failure) -> {
                        if (Boolean.TRUE.equals(taken)) {
                            metrics.answerForwarded();
                        } else {
                            metrics.answerWithoutTarget();
                        }
                    });
        } else {
            metrics.answerWithoutTarget();
        }
    }

    /** Delivers a frame addressed to one of this node's peers, from this node or another. */
    @Override
    public boolean deliver(String infoHash, String peerId, String frame) {
        PeerSocket target = registry.ownerOf(infoHash, peerId);
        if (target == null) {
            return false;
        }
        target.sink().sendText(frame);
        return true;
    }

    @Override
    public boolean holds(String infoHash) {
        Room room = registry.room(infoHash);
        return room != null && room.size() > 0;
    }

    @Override
    public void forEachPeer(ClusterView.PeerVisitor visitor) {
        for (Room room : registry.rooms()) {
            room.forEachPeer(peer -> visitor.visit(room.infoHash(), peer.peerId(), peer.seeder()));
            room.forEachAddressPeer(listed -> visitor.visit(room.infoHash(), listed.key, listed.seeder));
        }
    }

    @Override
    public TrackerStats figures() {
        return TrackerStats.of(this, 0, 0);
    }

    private void respond(PeerSocket socket, String infoHash, ScrapeFile counts) {
        respond(socket, infoHash, counts.complete(), counts.incomplete());
    }

    private void respond(PeerSocket socket, String infoHash, int complete, int incomplete) {
        socket.sink().send(new OutboundMessage.AnnounceResponse(settings().announceInterval(), infoHash, complete, incomplete));
    }

    private void scrape(PeerSocket socket, InboundMessage.Scrape scrape) {
        metrics.scrape();
        if (scrape.allRooms() && !settings().fullScrape()) {
            fail(socket, new InboundMessage.Invalid(FailureReason.FULL_SCRAPE_DISABLED, "scrape", null));
            return;
        }
        AccessList access = accessList.get();
        for (String infoHash : scrape.infoHashes()) {
            if (!access.allows(infoHash)) {
                fail(socket, new InboundMessage.Invalid(FailureReason.SWARM_REFUSED, "scrape", infoHash));
                return;
            }
        }
        if (cluster.connected()) {
            cluster.scrape(scrape.allRooms() ? List.of() : scrape.infoHashes()).whenComplete((files, failure) ->
                    socket.sink().send(new OutboundMessage.ScrapeResponse(
                            failure == null ? files : localScrape(scrape), settings().announceInterval())));
        } else {
            socket.sink().send(new OutboundMessage.ScrapeResponse(localScrape(scrape), settings().announceInterval()));
        }
    }

    private Map<String, ScrapeFile> localScrape(InboundMessage.Scrape scrape) {
        return registry.scrape(scrape.allRooms() ? List.of() : scrape.infoHashes());
    }

    /** Tells the client of a socket that a frame of its was refused, and counts it. */
    public void refuse(PeerSocket socket, FailureReason reason) {
        fail(socket, InboundMessage.Invalid.of(reason));
    }

    private void fail(PeerSocket socket, InboundMessage.Invalid invalid) {
        metrics.errorFrame(invalid.reason());
        socket.sink().send(OutboundMessage.ErrorResponse.of(invalid));
    }

    /**
     * Stops taking sockets and closes every open one with 1001 (their peers leave the rooms at once).
     *
     * @return how many sockets were closed
     */
    public int drain() {
        draining = true;
        int closed = 0;
        for (PeerSocket socket : sockets) {
            close(socket);
            socket.sink().closeGoingAway();
            closed++;
        }
        return closed;
    }

    /** True once {@link #drain()} has begun: new sockets are refused. */
    public boolean draining() {
        return draining;
    }

    /** Open sockets, for maintenance and statistics. */
    public Set<PeerSocket> sockets() {
        return sockets;
    }

    public RoomRegistry registry() {
        return registry;
    }

    public TrackerSettings settings() {
        return settings.get();
    }

    public ClusterView cluster() {
        return cluster;
    }
}
