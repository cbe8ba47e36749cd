package dev.rendezvous.admin;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.ReloadStatus;
import dev.rendezvous.tracker.PeerDetails;
import dev.rendezvous.tracker.Room;
import dev.rendezvous.tracker.TrackerService;
import dev.rendezvous.tracker.wire.BinaryString;
import dev.rendezvous.turn.AddressText;
import dev.rendezvous.turn.Allocation;
import dev.rendezvous.turn.TurnService;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What this node holds, as the operator sees it, and the actions it can take on it. It reads the tracker and the TURN
 * service through the views their owners expose (a room's {@link PeerDetails}, an {@link Allocation}'s accessors),
 * on the admin request's thread; nothing here runs on a frame or a packet. In a cluster, every node answers the
 * other nodes' requests with this class.
 */
public final class LocalNode {
    private final String nodeId;
    private final String version;
    private final TrackerService tracker;
    private final TurnService turn;
    private final BanList bans;
    private final Runnable drain;
    private final BooleanSupplier draining;
    private final Executor executor;
    private final Supplier<ReloadStatus> reload;
    private final Supplier<ReloadStatus> lastReload;

    /**
     * @param drain    the node's drain (blocks while sockets close), run on {@code executor}
     * @param draining whether the node drains now
     * @param reload     re-reads the node's settings file and access list now (a file read: quick, never a network wait)
     * @param lastReload the outcome of the last reload
     */
    public LocalNode(String nodeId, String version, TrackerService tracker, TurnService turn, BanList bans,
                     Runnable drain, BooleanSupplier draining, Executor executor, Supplier<ReloadStatus> reload,
                     Supplier<ReloadStatus> lastReload) {
        this.nodeId = nodeId;
        this.version = version;
        this.tracker = tracker;
        this.turn = turn;
        this.bans = bans;
        this.drain = drain;
        this.draining = draining;
        this.executor = executor;
        this.reload = reload;
        this.lastReload = lastReload;
    }

    public String id() {
        return nodeId;
    }

    public NodeReport node() {
        var runtime = ManagementFactory.getRuntimeMXBean();
        String engine = tracker.cluster().status().isEmpty() ? "single"
                : tracker.cluster().connected() ? "connected" : "disconnected";
        return new NodeReport(nodeId, version, Instant.ofEpochMilli(runtime.getStartTime()).toString(),
                runtime.getUptime() / 1000, tracker.sockets().size(), tracker.registry().roomCount(),
                tracker.registry().peerCount(), turn.allocationCount(), engine,
                draining.getAsBoolean() || tracker.draining(), ReloadReport.of(lastReload.get()));
    }

    public List<RoomReport> rooms() {
        List<RoomReport> rooms = new ArrayList<>();
        for (Room room : tracker.registry().rooms()) {
            int seeders = room.complete();
            int leechers = room.incomplete();
            if (seeders + leechers > 0) {
                String hex = BinaryString.toHex(room.infoHash());
                rooms.add(new RoomReport(hex, hex, seeders, leechers, seeders + leechers));
            }
        }
        return rooms;
    }

    public List<PeerReport> peers(String infoHashHex) {
        Room room = tracker.registry().room(BinaryString.fromHex(infoHashHex));
        if (room == null) {
            return List.of();
        }
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        List<PeerReport> peers = new ArrayList<>();
        for (PeerDetails details : room.details()) {
            peers.add(report(details, nowNanos, nowMillis));
        }
        return peers;
    }

    /** Kicks the peer if this node holds it: its details, else null. */
    public PeerReport kick(String infoHashHex, String peerIdHex) {
        PeerDetails details = tracker.kick(BinaryString.fromHex(infoHashHex), BinaryString.fromHex(peerIdHex));
        return details == null ? null : report(details, System.nanoTime(), System.currentTimeMillis());
    }

    public List<AllocationReport> allocations() {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        List<AllocationReport> list = new ArrayList<>();
        for (Allocation allocation : turn.allocations()) {
            list.add(report(allocation, nowNanos, nowMillis));
        }
        return list;
    }

    /** Ends the allocation if this node holds it: its last details, else null. */
    public AllocationReport end(String id) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        Allocation allocation = turn.end(id);
        return allocation == null ? null : report(allocation, nowNanos, nowMillis);
    }

    /** Starts this node's drain and returns at once. */
    public void drain() {
        executor.execute(drain);
    }

    /** Reloads this node's live settings now: the outcome. */
    public ReloadReport reload() {
        return ReloadReport.of(reload.get());
    }

    public BanList bans() {
        return bans;
    }

    private PeerReport report(PeerDetails details, long nowNanos, long nowMillis) {
        long lastAnnounce = nowMillis - (nowNanos - details.lastAnnounceNanos()) / 1_000_000;
        return new PeerReport(BinaryString.toHex(details.peerId()), BinaryString.toHex(details.announcedPeerId()),
                details.protocol().label(), BinaryString.toHex(details.infoHash()), nodeId,
                details.handshake().address(), details.handshake().origin(), details.handshake().userAgent(),
                details.seeder(), Instant.ofEpochMilli(details.handshake().openedMillis()).toString(),
                Instant.ofEpochMilli(lastAnnounce).toString(), details.offersSent(), details.offersReceived());
    }

    private AllocationReport report(Allocation allocation, long nowNanos, long nowMillis) {
        List<String> relayed = new ArrayList<>();
        for (InetSocketAddress address : allocation.relayAddresses()) {
            relayed.add(AddressText.hostPort(address));
        }
        List<String> permissions = new ArrayList<>();
        for (InetAddress peer : allocation.permittedPeers(nowNanos)) {
            permissions.add(AddressText.host(peer));
        }
        List<String> channels = new ArrayList<>();
        for (Map.Entry<Integer, InetSocketAddress> channel : allocation.channels(nowNanos).entrySet()) {
            channels.add(String.format("0x%04x %s", channel.getKey(), AddressText.hostPort(channel.getValue())));
        }
        Allocation.Traffic traffic = allocation.traffic();
        InetSocketAddress client = allocation.fiveTuple().client();
        long expires = nowMillis + (allocation.expiresNanos() - nowNanos) / 1_000_000;
        return new AllocationReport(allocation.id(), nodeId, allocation.fiveTuple().transport().name().toLowerCase(),
                client.getAddress().getHostAddress(), client.getPort(), allocation.user(), relayed,
                Instant.ofEpochMilli(allocation.createdMillis()).toString(), Instant.ofEpochMilli(expires).toString(),
                traffic.packetsToPeers(), traffic.bytesToPeers(), traffic.packetsToClient(), traffic.bytesToClient(),
                permissions, channels, allocation.connectionCount());
    }
}
