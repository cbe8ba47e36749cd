package dev.rendezvous.tracker;

import dev.rendezvous.auth.AccessList;
import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.AbuseLimits;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.wire.Event;
import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The tracker for peers that announce an address: HTTP (BEP 3) and UDP (BEP 15) clients. Their peers join the same
 * rooms as WebSocket peers, so a swarm's counts and scrapes cover every protocol; but they are only ever given each
 * other, since a WebSocket peer has no address to give. In a cluster the rooms' HTTP and UDP peers are also mirrored in
 * the shared state, and an announce gets its peers and counts from there, in one round trip; when the cluster is away
 * or slow, from this node's rooms. Thread-safe, and never blocks.
 */
public final class AddressTracker {
    /** Peers given when an announce does not say how many it wants (BEP 3's usual 50). */
    static final int DEFAULT_NUMWANT = 50;

    private final Supplier<TrackerSettings> settings;
    private final Supplier<AbuseLimits> limits;
    private final Supplier<AccessList> accessList;
    private final RoomRegistry registry;
    private final TrackerMetrics metrics;
    private final ClusterView cluster;
    private final BanList bans;

    public AddressTracker(Supplier<TrackerSettings> settings, Supplier<AbuseLimits> limits,
                          Supplier<AccessList> accessList, RoomRegistry registry, TrackerMetrics metrics,
                          ClusterView cluster, BanList bans) {
        this.settings = settings;
        this.limits = limits;
        this.accessList = accessList;
        this.registry = registry;
        this.metrics = metrics;
        this.cluster = cluster;
        this.bans = bans;
    }

    /**
     * Adds, refreshes or (on {@code stopped}) removes the announcing peer, and answers with the swarm's counts and up
     * to numwant random other HTTP and UDP peers: of the announcer's address family, and then, unless
     * {@code sameFamilyOnly} (UDP, whose reply carries one family), of the other. Never completes exceptionally.
     */
    public CompletionStage<AddressReply> announce(AddressAnnounce announce, boolean sameFamilyOnly) {
        metrics.addressAnnounce(announce.protocol());
        AddressPeer peer = announce.peer();
        FailureReason refusal = refusal(announce, peer);
        if (refusal != null) {
            metrics.errorFrame(refusal);
            return CompletableFuture.completedFuture(AddressReply.failed(refusal));
        }
        String infoHash = announce.infoHash();
        if (announce.event() == Event.STOPPED) {
            registry.leaveAddress(infoHash, peer.key());
            if (cluster.connected()) {
                cluster.leaveAddress(infoHash, peer.key());
            }
            return counts(infoHash).thenApply(counts -> reply(counts.complete(), counts.incomplete(), List.of()));
        }
        if (!registry.listed(infoHash, peer) && registry.listedFrom(peer) >= limits.get().peersPerAddress()) {
            metrics.errorFrame(FailureReason.TOO_MANY_PEERS);
            return CompletableFuture.completedFuture(AddressReply.failed(FailureReason.TOO_MANY_PEERS));
        }
        boolean completed = announce.event() == Event.COMPLETED;
        Room room = registry.joinAddress(infoHash, peer, announce.protocol(), announce.seeder(), completed,
                System.nanoTime());
        int wanted = numwant(announce.numwant());
        if (!cluster.connected()) {
            return CompletableFuture.completedFuture(localReply(room, peer, wanted, sameFamilyOnly));
        }
        return cluster.announceAddress(infoHash, peer.key(), announce.seeder(), completed, wanted, peer.ipv6(),
                        sameFamilyOnly)
                .thenApply(result -> {
                    List<AddressPeer> peers = new ArrayList<>(result.keys().size());
                    for (String key : result.keys()) {
                        if (AddressPeer.isKey(key)) {
                            peers.add(AddressPeer.ofKey(key));
                        }
                    }
                    return reply(result.complete(), result.incomplete(), peers);
                })
                .exceptionally(failure -> localReply(registry.room(infoHash), peer, wanted, sameFamilyOnly));
    }

    /** Why the announce is refused, or null: the operator's bans, then the access list (which also empties the peer). */
    private FailureReason refusal(AddressAnnounce announce, AddressPeer peer) {
        if (bans.any()) {
            long now = System.currentTimeMillis();
            if (bans.refusesPeer(announce.peerId(), now)) {
                return FailureReason.BANNED;
            }
            if (bans.refusesAddress(peer.addressText(), now)) {
                return FailureReason.ADDRESS_BANNED;
            }
        }
        if (announce.event() != Event.STOPPED && !accessList.get().allows(announce.infoHash())) {
            registry.leaveAddress(announce.infoHash(), peer.key());
            return FailureReason.SWARM_REFUSED;
        }
        return null;
    }

    private AddressReply localReply(Room room, AddressPeer peer, int wanted, boolean sameFamilyOnly) {
        if (room == null) {
            return reply(0, 0, List.of());
        }
        AddressPeer[] chosen = new AddressPeer[wanted];
        int count = room.pickAddresses(peer.key(), peer.ipv6(), sameFamilyOnly, chosen);
        return reply(room.complete(), room.incomplete(), Arrays.asList(chosen).subList(0, count));
    }

    private CompletionStage<ScrapeFile> counts(String infoHash) {
        if (!cluster.connected()) {
            return CompletableFuture.completedFuture(registry.scrape(infoHash));
        }
        return cluster.counts(infoHash).exceptionally(failure -> registry.scrape(infoHash));
    }

    private AddressReply reply(int complete, int incomplete, List<AddressPeer> peers) {
        int interval = settings.get().announceInterval();
        return new AddressReply(interval, interval, complete, incomplete, peers, null);
    }

    private int numwant(int asked) {
        int max = settings.get().maxNumwant();
        return asked < 0 ? Math.min(DEFAULT_NUMWANT, max) : Math.min(asked, max);
    }

    /**
     * Each named swarm's counts over every protocol, in the order asked; with no info_hash, every swarm's, if
     * {@code rendezvous.tracker.full-scrape} allows. Never completes exceptionally.
     */
    public CompletionStage<ScrapeReply> scrape(Protocol protocol, List<String> infoHashes) {
        metrics.addressScrape(protocol);
        if (infoHashes.isEmpty() && !settings.get().fullScrape()) {
            metrics.errorFrame(FailureReason.FULL_SCRAPE_DISABLED);
            return CompletableFuture.completedFuture(ScrapeReply.failed(FailureReason.FULL_SCRAPE_DISABLED));
        }
        AccessList access = accessList.get();
        for (String infoHash : infoHashes) {
            if (!access.allows(infoHash)) {
                metrics.errorFrame(FailureReason.SWARM_REFUSED);
                return CompletableFuture.completedFuture(ScrapeReply.failed(FailureReason.SWARM_REFUSED));
            }
        }
        if (!cluster.connected()) {
            return CompletableFuture.completedFuture(new ScrapeReply(registry.scrape(infoHashes), null));
        }
        return cluster.scrape(infoHashes)
                .thenApply(files -> new ScrapeReply(files, null))
                .exceptionally(failure -> new ScrapeReply(registry.scrape(infoHashes), null));
    }

    /** Whether a request from {@code address} (text) is refused by the operator's bans. */
    public boolean banned(String address) {
        return bans.refusesAddress(address, System.currentTimeMillis());
    }
}
