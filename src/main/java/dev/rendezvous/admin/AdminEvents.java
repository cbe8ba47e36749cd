package dev.rendezvous.admin;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.AdminSettings;
import dev.rendezvous.tracker.RoomWatcher;
import dev.rendezvous.tracker.TrackerService;
import dev.rendezvous.tracker.wire.BinaryString;
import dev.rendezvous.turn.Allocation;
import dev.rendezvous.turn.AllocationListener;
import dev.rendezvous.turn.TurnService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The operator's events on this node, handed to each subscriber's bounded queue and, in a cluster, to the other
 * nodes. Publishing never blocks and never waits for a subscriber: a full queue loses the event and counts it, and the
 * subscriber is told how many it lost. Peers joining and leaving are heard from the rooms (not re-announces): on a
 * single node with no subscriber they cost one volatile read; in a cluster each is also published to the other nodes,
 * subscribed or not.
 */
@ApplicationScoped
public class AdminEvents implements RoomWatcher, AllocationListener {
    @Inject
    AdminSettings settings;
    @Inject
    LocalNode node;
    @Inject
    TrackerService tracker;
    @Inject
    TurnService turn;
    @Inject
    AdminMetrics metrics;
    @Inject
    Fleet fleetView;

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Where this node's events also go in a cluster (to the other nodes' subscribers), or null. */
    private volatile Consumer<AdminEvent> fleet;
    private volatile boolean listening;

    /**
     * One subscriber's queue, and what it lost since it was last told. Lock-free, and nobody is woken per event: the
     * subscriber's task looks every {@link #POLL_MILLIS} when it finds the queue empty, so that queuing an event costs
     * the tracker's thread no lock and no wake-up of another thread.
     */
    public final class Subscriber {
        static final long POLL_MILLIS = 50;
        private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int capacity;
        private final AtomicLong dropped = new AtomicLong();

        private Subscriber(int capacity) {
            this.capacity = capacity;
        }

        /** @param event an {@link AdminEvent}, or a {@link PeerChange} that becomes one on the subscriber's thread */
        void offer(Object event) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                dropped.incrementAndGet();
                metrics.eventsDropped(1);
                return;
            }
            queue.offer(event);
        }

        /** The next event, waiting at most {@code millis}; null if none came. */
        public AdminEvent next(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                Object next = queue.poll();
                if (next != null) {
                    size.decrementAndGet();
                    return next instanceof PeerChange change ? change.event() : (AdminEvent) next;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }

        /** How many events were lost since the last call. */
        public long takeDropped() {
            return dropped.getAndSet(0);
        }

        public void close() {
            subscribers.remove(this);
        }
    }

    void start(@Observes Startup startup) {
        if (settings.enabled()) {
            listenTo(tracker);
            turn.listen(this);
            fleetView.start(this::deliver);
            fleet = fleetView.toOtherNodes();
        }
    }

    /** From now on, hears {@code tracker}'s rooms. */
    void listenTo(TrackerService tracker) {
        tracker.registry().watch(this);
        listening = true;
    }

    @PreDestroy
    void stop() {
        fleetView.close();
    }

    /** A new subscriber, or null when {@code rendezvous.admin.events.max-subscribers} are open already. */
    public synchronized Subscriber subscribe() {
        if (subscribers.size() >= settings.maxSubscribers()) {
            return null;
        }
        Subscriber subscriber = new Subscriber(settings.eventQueue());
        subscribers.add(subscriber);
        return subscriber;
    }

    /** Whether anyone would hear an event: this node's subscribers, or the other nodes'. */
    private boolean heard() {
        return listening && (fleet != null || !subscribers.isEmpty());
    }

    /** An event from this node: to the local subscribers and the fleet. */
    public void publish(AdminEvent event) {
        deliver(event);
        Consumer<AdminEvent> toFleet = fleet;
        if (toFleet != null) {
            toFleet.accept(event);
        }
    }

    /** An event from another node: to the local subscribers only. */
    public void deliver(AdminEvent event) {
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(event);
        }
    }

    private AdminEvent event(String type, String infoHash, String peerId, String id, String address) {
        return new AdminEvent(type, node.id(), Instant.now().toString(), infoHash, peerId, id, address);
    }

    /**
     * A peer joining or leaving, as the room's thread tells it: the ids as the tracker holds them and the clock, with
     * the hex and the date written later, on the subscriber's thread, so that the tracker's thread only queues it.
     */
    private record PeerChange(String type, String node, long millis, String infoHash, String peerId) {
        AdminEvent event() {
            return new AdminEvent(type, node, Instant.ofEpochMilli(millis).toString(), BinaryString.toHex(infoHash),
                    BinaryString.toHex(peerId), "", "");
        }
    }

    private void peerChange(String type, String infoHash, String peerId) {
        PeerChange change = new PeerChange(type, node.id(), System.currentTimeMillis(), infoHash, peerId);
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(change);
        }
        Consumer<AdminEvent> toFleet = fleet;
        if (toFleet != null) {
            toFleet.accept(change.event());
        }
    }

    @Override
    public void joined(String infoHash, String peerId) {
        if (heard()) {
            peerChange("peer-joined", infoHash, peerId);
        }
    }

    @Override
    public void left(String infoHash, String peerId) {
        if (heard()) {
            peerChange("peer-left", infoHash, peerId);
        }
    }

    @Override
    public void created(Allocation allocation) {
        if (heard()) {
            publish(event("allocation-created", "", "", allocation.id(),
                    allocation.fiveTuple().client().getAddress().getHostAddress()));
        }
    }

    @Override
    public void ended(Allocation allocation) {
        if (heard()) {
            publish(event("allocation-ended", "", "", allocation.id(),
                    allocation.fiveTuple().client().getAddress().getHostAddress()));
        }
    }

    void kicked(PeerReport peer) {
        publish(new AdminEvent("peer-kicked", peer.node(), Instant.now().toString(), peer.infoHash(), peer.peerId(), "",
                peer.address()));
    }

    void banned(BanList.Ban ban) {
        publish(event("ban-added", "", ban.peerId(), ban.id(), ban.address()));
    }

    void draining(String nodeId) {
        publish(new AdminEvent("node-draining", nodeId, Instant.now().toString(), "", "", "", ""));
    }
}
