package dev.rendezvous.tracker;

import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.wire.Event;
import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.InboundMessage;
import dev.rendezvous.tracker.wire.Offer;
import dev.rendezvous.tracker.wire.OutboundMessage;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracker's behaviour, independent of the WebSocket container: a decoded message in, frames out to the
 * sinks of the sockets concerned. Thread-safe; called on each socket's own thread.
 */
public final class TrackerService {
    private final TrackerSettings settings;
    private final RoomRegistry registry;
    private final TrackerMetrics metrics;
    private final Set<PeerSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    public TrackerService(TrackerSettings settings, RoomRegistry registry, TrackerMetrics metrics) {
        this.settings = settings;
        this.registry = registry;
        this.metrics = metrics;
    }

    public PeerSocket open(OutboundSink sink, boolean ipv6, long nowNanos) {
        PeerSocket socket = new PeerSocket(sink, ipv6, nowNanos);
        sockets.add(socket);
        return socket;
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
        if (announce.event() == Event.STOPPED) {
            Room room = registry.leave(socket, infoHash, announce.peerId());
            int complete = room == null ? 0 : room.complete();
            int incomplete = room == null ? 0 : room.incomplete();
            socket.sink().send(new OutboundMessage.AnnounceResponse(settings.announceInterval(), infoHash, complete, incomplete));
            return;
        }
        Room room = registry.join(socket, infoHash, announce.peerId(), announce.seeder(),
                announce.event() == Event.COMPLETED, nowNanos, settings.maxRoomsPerSocket());
        if (room == RoomRegistry.REFUSED) {
            fail(socket, new InboundMessage.Invalid(FailureReason.TOO_MANY_ROOMS, "announce", infoHash));
            return;
        }
        socket.sink().send(new OutboundMessage.AnnounceResponse(
                settings.announceInterval(), infoHash, room.complete(), room.incomplete()));
        forwardOffers(room, announce);
    }

    private void forwardOffers(Room room, InboundMessage.Announce announce) {
        List<Offer> offers = announce.offers();
        int wanted = Math.min(offers.size(), settings.maxOffers());
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

    private void answer(PeerSocket socket, InboundMessage.Answer answer, long nowNanos) {
        metrics.announce();
        socket.announced();
        Room room = registry.join(socket, answer.infoHash(), answer.peerId(), false, false, nowNanos,
                settings.maxRoomsPerSocket());
        if (room == RoomRegistry.REFUSED) {
            fail(socket, new InboundMessage.Invalid(FailureReason.TOO_MANY_ROOMS, "announce", answer.infoHash()));
            return;
        }
        PeerSocket target = answer.toPeerId().equals(answer.peerId())
                ? null
                : registry.ownerOf(answer.infoHash(), answer.toPeerId());
        if (target == null) {
            metrics.answerWithoutTarget();
            return;
        }
        target.sink().send(new OutboundMessage.ForwardedAnswer(
                answer.infoHash(), answer.peerId(), answer.offerId(), answer.answer()));
        metrics.answerForwarded();
    }

    private void scrape(PeerSocket socket, InboundMessage.Scrape scrape) {
        metrics.scrape();
        Map<String, ScrapeFile> files = new LinkedHashMap<>();
        if (scrape.allRooms()) {
            if (!settings.fullScrape()) {
                fail(socket, new InboundMessage.Invalid(FailureReason.FULL_SCRAPE_DISABLED, "scrape", null));
                return;
            }
            for (Room room : registry.rooms()) {
                files.put(room.infoHash(), room.scrape());
            }
        } else {
            for (String infoHash : scrape.infoHashes()) {
                files.put(infoHash, registry.scrape(infoHash));
            }
        }
        socket.sink().send(new OutboundMessage.ScrapeResponse(files, settings.announceInterval()));
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
        return settings;
    }
}
