package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One swarm, keyed by info_hash: its peers, seeder count and completions. Every method takes the room's own
 * monitor, so announces to different rooms never contend. WebSocket peers also sit in an array so that choosing random
 * offer targets is O(offers) with no allocation. HTTP and UDP peers ({@link AddressPeers}) are counted in the same
 * swarm, but only ever told to each other: a WebSocket peer has no address to give, and needs an offer.
 */
public final class Room {
    private final String infoHash;
    private final AnnouncedPeers announced;
    private final Map<String, Peer> byId = new HashMap<>();
    private final AddressPeers addressPeers = new AddressPeers();
    private Peer[] peers = new Peer[4];
    private int size;
    /** WebSocket seeders; {@link AddressPeers} counts its own. */
    private int seeders;
    private long downloaded;
    /** Set once the room emptied and left the registry; a late joiner must fetch a fresh room. */
    private boolean deleted;

    Room(String infoHash, AnnouncedPeers announced) {
        this.infoHash = infoHash;
        this.announced = announced;
    }

    public String infoHash() {
        return infoHash;
    }

    /**
     * Adds or refreshes {@code peerId}, owned from now on by {@code socket}.
     *
     * @return false if the room was deleted meanwhile (the caller retries on a new room)
     */
    synchronized boolean join(String peerId, PeerSocket socket, boolean seeder, boolean completed, long nowNanos) {
        if (deleted) {
            return false;
        }
        Peer peer = byId.get(peerId);
        if (peer == null) {
            peer = new Peer(peerId, socket, nowNanos);
            add(peer);
        } else if (peer.owner() != socket) {
            // Takeover: the old socket's late close must not remove the peer now owned by this one.
            peer.owner().memberships().remove(new Membership(infoHash, peerId));
            peer.owner(socket);
        }
        peer.announced(nowNanos);
        if (seeder && !peer.seeder()) {
            peer.becomeSeeder();
            seeders++;
            if (completed) {
                downloaded++;
            }
        }
        return true;
    }

    /**
     * Removes {@code peerId} if {@code socket} still owns it.
     *
     * @return true if the room is now empty and deleted
     */
    synchronized boolean leave(String peerId, PeerSocket socket) {
        Peer peer = byId.get(peerId);
        if (peer != null && peer.owner() == socket) {
            remove(peer);
        }
        return deleteIfEmpty();
    }

    /**
     * Whether the cluster already holds {@code peerId} as {@code socket}'s here, as it is now: a re-announce without
     * offers then needs nothing from the cluster but the room's counts.
     */
    synchronized boolean mirrored(String peerId, PeerSocket socket) {
        Peer peer = byId.get(peerId);
        return peer != null && peer.owner() == socket && peer.mirrored();
    }

    /** Records that the cluster now holds {@code peerId} as {@code socket}'s, with its seeder flag as of now. */
    synchronized void markMirrored(String peerId, PeerSocket socket, boolean seeder) {
        Peer peer = byId.get(peerId);
        if (peer != null && peer.owner() == socket && peer.seeder() == seeder) {
            peer.mirrored(true);
        }
    }

    /** The socket that owns {@code peerId} here, or null. */
    synchronized PeerSocket ownerOf(String peerId) {
        Peer peer = byId.get(peerId);
        return peer == null ? null : peer.owner();
    }

    /**
     * The socket that owns {@code peerId} here, counting one offer sent to it (cluster mode's local targets), or null.
     */
    synchronized PeerSocket offerTarget(String peerId) {
        Peer peer = byId.get(peerId);
        if (peer == null) {
            return null;
        }
        peer.offersReceived++;
        return peer.owner();
    }

    /** Counts {@code count} offers that {@code peerId} sent (cluster mode, where the cluster chose the targets). */
    synchronized void offersSent(String peerId, int count) {
        Peer peer = byId.get(peerId);
        if (peer != null) {
            peer.offersSent += count;
        }
    }

    /**
     * Adds or refreshes an HTTP or UDP peer.
     *
     * @return false if the room was deleted meanwhile (the caller retries on a new room)
     */
    synchronized boolean joinAddress(AddressPeer peer, String key, Protocol protocol, boolean seeder, boolean completed,
                                     long nowNanos) {
        if (deleted) {
            return false;
        }
        ListedPeer before = addressPeers.get(key);
        boolean wasSeeder = before != null && before.seeder;
        if (addressPeers.join(key, peer, protocol, seeder, nowNanos) != null) {
            announced.addressAdded(infoHash, key, protocol);
        }
        if (seeder && !wasSeeder && completed) {
            downloaded++;
        }
        return true;
    }

    /**
     * Removes an HTTP or UDP peer.
     *
     * @return true if the room is now empty and deleted
     */
    synchronized boolean leaveAddress(String key) {
        ListedPeer removed = addressPeers.remove(key);
        if (removed != null) {
            announced.addressRemoved(infoHash, key, removed.protocol);
        }
        return deleteIfEmpty();
    }

    /**
     * Fills {@code into} with random HTTP and UDP peers other than the one keyed {@code selfKey}: of the announcer's
     * address family first, then of the other unless {@code sameFamilyOnly}.
     *
     * @return how many were chosen
     */
    synchronized int pickAddresses(String selfKey, boolean ipv6, boolean sameFamilyOnly, AddressPeer[] into) {
        return addressPeers.pick(selfKey, ipv6, sameFamilyOnly, into);
    }

    /** Whether the HTTP or UDP peer keyed {@code key} is in this room. */
    synchronized boolean lists(String key) {
        return addressPeers.get(key) != null;
    }

    /** Visits the room's HTTP and UDP peers. */
    synchronized void forEachAddressPeer(Consumer<ListedPeer> visitor) {
        addressPeers.forEach(visitor);
    }

    /** A copy of each peer's details, for the operator. */
    public synchronized List<PeerDetails> details() {
        List<PeerDetails> list = new ArrayList<>(size + addressPeers.size());
        for (int i = 0; i < size; i++) {
            list.add(detailsOf(peers[i]));
        }
        addressPeers.forEach(listed -> list.add(detailsOf(listed)));
        return list;
    }

    /** The details of {@code peerId} here, or null; an HTTP or UDP peer is named by its {@link AddressPeer#key()}. */
    public synchronized PeerDetails details(String peerId) {
        Peer peer = byId.get(peerId);
        if (peer != null) {
            return detailsOf(peer);
        }
        ListedPeer listed = addressPeers.get(peerId);
        return listed == null ? null : detailsOf(listed);
    }

    private PeerDetails detailsOf(Peer peer) {
        return new PeerDetails(infoHash, peer.peerId(), Protocol.WEBSOCKET, peer.seeder(), peer.lastAnnounceNanos(),
                peer.offersSent, peer.offersReceived, peer.owner().handshake());
    }

    private PeerDetails detailsOf(ListedPeer listed) {
        return new PeerDetails(infoHash, listed.key, listed.protocol, listed.seeder, listed.lastAnnounceNanos, 0, 0,
                new Handshake(listed.peer.addressText(), "", "", listed.firstAnnounceMillis));
    }

    /**
     * Fills {@code targets} with the sockets of up to {@code targets.length} distinct random peers other
     * than {@code peerId} (a partial Fisher-Yates shuffle of the peer array, with the announcer parked last).
     *
     * @return how many targets were chosen
     */
    synchronized int pickOthers(String peerId, PeerSocket[] targets) {
        int candidates = size;
        Peer self = byId.get(peerId);
        if (self != null) {
            swap(self.slot, size - 1);
            candidates--;
        }
        int count = Math.min(targets.length, candidates);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            swap(i, i + random.nextInt(candidates - i));
            targets[i] = peers[i].owner();
            peers[i].offersReceived++;
        }
        if (self != null) {
            self.offersSent += count;
        }
        return count;
    }

    /**
     * Removes peers whose last announce is before {@code cutoffNanos}.
     *
     * @return how many were removed
     */
    synchronized int sweep(long cutoffNanos) {
        int removed = 0;
        for (int i = size - 1; i >= 0; i--) {
            Peer peer = peers[i];
            if (peer.lastAnnounceNanos() - cutoffNanos < 0) {
                peer.owner().memberships().remove(new Membership(infoHash, peer.peerId()));
                remove(peer);
                removed++;
            }
        }
        int[] addresses = {0};
        addressPeers.sweep(cutoffNanos, listed -> {
            announced.addressRemoved(infoHash, listed.key, listed.protocol);
            addresses[0]++;
        });
        deleteIfEmpty();
        return removed + addresses[0];
    }

    /** Seeders over every protocol. */
    public synchronized int complete() {
        return seeders + addressPeers.seeders();
    }

    /** Leechers over every protocol. */
    public synchronized int incomplete() {
        return size - seeders + addressPeers.size() - addressPeers.seeders();
    }

    /** Peers over every protocol. */
    public synchronized int size() {
        return size + addressPeers.size();
    }

    public synchronized ScrapeFile scrape() {
        return new ScrapeFile(complete(), incomplete(), downloaded);
    }

    /** Visits the room's WebSocket peers. */
    public synchronized void forEachPeer(Consumer<Peer> visitor) {
        for (int i = 0; i < size; i++) {
            visitor.accept(peers[i]);
        }
    }

    synchronized boolean deleted() {
        return deleted;
    }

    private boolean deleteIfEmpty() {
        if (size == 0 && addressPeers.size() == 0) {
            deleted = true;
        }
        return deleted;
    }

    private void add(Peer peer) {
        if (size == peers.length) {
            peers = Arrays.copyOf(peers, size * 2);
        }
        peer.slot = size;
        peers[size++] = peer;
        byId.put(peer.peerId(), peer);
        announced.added(infoHash, peer.peerId());
    }

    private void remove(Peer peer) {
        byId.remove(peer.peerId());
        announced.removed(infoHash, peer.peerId());
        swap(peer.slot, size - 1);
        peers[--size] = null;
        if (peer.seeder()) {
            seeders--;
        }
    }

    private void swap(int a, int b) {
        Peer pa = peers[a];
        Peer pb = peers[b];
        peers[a] = pb;
        peers[b] = pa;
        pa.slot = b;
        pb.slot = a;
    }
}
