package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every room, keyed by info_hash, and which socket owns which (room, peer_id). The map is concurrent and
 * each room has its own lock: there is no lock shared by announces to different rooms. This is the only
 * place that creates or deletes a room.
 */
@ApplicationScoped
public class RoomRegistry {
    /** Returned by {@link #join} when the socket already owns its limit of rooms. */
    public static final Room REFUSED = new Room("", new AnnouncedPeers());

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final AnnouncedPeers announced = new AnnouncedPeers();

    /**
     * This object. Called through a CDI client proxy, it returns the bean instance behind the proxy, which the frame
     * path then calls directly: each call through an application-scoped bean's proxy looks its context up again.
     */
    public RoomRegistry instance() {
        return this;
    }

    /** From now on, every pair that leaves and every peer_id that arrives or goes is told to {@code listener}. */
    public void listen(PresenceListener listener) {
        announced.listen(listener);
    }

    /** From now on, every peer that joins or leaves a room is told to {@code watcher} (the operator's events). */
    public void watch(RoomWatcher watcher) {
        announced.watch(watcher);
    }

    /**
     * Adds or refreshes a peer in its room (creating the room), owned by {@code socket}.
     *
     * @return the room, or {@link #REFUSED} if the socket already announced {@code maxRoomsPerSocket} pairs
     */
    public Room join(PeerSocket socket, String infoHash, String peerId, boolean seeder, boolean completed,
                     long nowNanos, int maxRoomsPerSocket) {
        Membership membership = new Membership(infoHash, peerId);
        boolean member = socket.memberships().contains(membership);
        if (!member && socket.memberships().size() >= maxRoomsPerSocket) {
            return REFUSED;
        }
        while (true) {
            Room room = rooms.get(infoHash);
            if (room == null) {
                room = rooms.computeIfAbsent(infoHash, key -> new Room(key, announced));
            }
            if (room.join(peerId, socket, seeder, completed, nowNanos)) {
                // A re-announce (most announces) writes nothing here; a sweep racing it leaves the pair to the next sweep.
                if (!member) {
                    socket.memberships().add(membership);
                }
                return room;
            }
            rooms.remove(infoHash, room);
        }
    }

    /** Adds or refreshes an HTTP or UDP peer in its room (creating the room): the room. */
    public Room joinAddress(String infoHash, AddressPeer peer, Protocol protocol, boolean seeder, boolean completed,
                            long nowNanos) {
        String key = peer.key();
        while (true) {
            Room room = rooms.get(infoHash);
            if (room == null) {
                room = rooms.computeIfAbsent(infoHash, k -> new Room(k, announced));
            }
            if (room.joinAddress(peer, key, protocol, seeder, completed, nowNanos)) {
                return room;
            }
            rooms.remove(infoHash, room);
        }
    }

    /** Removes the HTTP or UDP peer keyed {@code key} ({@link AddressPeer#key()}), if it is there. */
    public void leaveAddress(String infoHash, String key) {
        Room room = rooms.get(infoHash);
        if (room != null && room.leaveAddress(key)) {
            rooms.remove(infoHash, room);
        }
    }

    /**
     * Removes a peer if {@code socket} still owns it.
     *
     * @return the room it left (empty and deleted if it was the last peer), or null if there is no such room
     */
    public Room leave(PeerSocket socket, String infoHash, String peerId) {
        socket.memberships().remove(new Membership(infoHash, peerId));
        Room room = rooms.get(infoHash);
        if (room != null && room.leave(peerId, socket)) {
            rooms.remove(infoHash, room);
        }
        return room;
    }

    /** The socket that owns {@code peerId} in room {@code infoHash}, or null. */
    public PeerSocket ownerOf(String infoHash, String peerId) {
        Room room = rooms.get(infoHash);
        return room == null ? null : room.ownerOf(peerId);
    }

    /** (room, peer) pairs on this node of peers that announced over {@code protocol}. */
    public int peerCount(Protocol protocol) {
        if (protocol == Protocol.WEBSOCKET) {
            return Math.max(0, peerCount() - announced.listed(Protocol.HTTP) - announced.listed(Protocol.UDP));
        }
        return announced.listed(protocol);
    }

    /** How many HTTP and UDP peers {@code peer}'s address holds over every room. */
    public int listedFrom(AddressPeer peer) {
        return announced.listedFrom(AnnouncedPeers.addressOf(peer.key()));
    }

    /** Whether {@code peer} is listed in room {@code infoHash}. */
    public boolean listed(String infoHash, AddressPeer peer) {
        Room room = rooms.get(infoHash);
        return room != null && room.lists(peer.key());
    }

    /** Whether {@code peerId} is announced in some room now. */
    public boolean announced(String peerId) {
        return announced.contains(peerId);
    }

    public Room room(String infoHash) {
        return rooms.get(infoHash);
    }

    /** Removes everything the socket still owns. */
    public void disconnect(PeerSocket socket) {
        for (Membership membership : socket.memberships()) {
            leave(socket, membership.infoHash(), membership.peerId());
        }
    }

    /**
     * Removes peers that have not announced since {@code cutoffNanos}, and rooms left empty.
     *
     * @return how many peers were removed
     */
    public int sweep(long cutoffNanos) {
        int removed = 0;
        for (Room room : rooms.values()) {
            removed += room.sweep(cutoffNanos);
            if (room.deleted()) {
                rooms.remove(room.infoHash(), room);
            }
        }
        return removed;
    }

    public ScrapeFile scrape(String infoHash) {
        Room room = rooms.get(infoHash);
        return room == null ? ScrapeFile.EMPTY : room.scrape();
    }

    /** The counts of the rooms named, in that order (empty ones too), or of every room when none is named. */
    public Map<String, ScrapeFile> scrape(List<String> infoHashes) {
        Map<String, ScrapeFile> files = new LinkedHashMap<>();
        if (infoHashes.isEmpty()) {
            for (Room room : rooms.values()) {
                files.put(room.infoHash(), room.scrape());
            }
        } else {
            for (String infoHash : infoHashes) {
                files.put(infoHash, scrape(infoHash));
            }
        }
        return files;
    }

    public Collection<Room> rooms() {
        return rooms.values();
    }

    public int roomCount() {
        return rooms.size();
    }

    public int peerCount() {
        int peers = 0;
        for (Room room : rooms.values()) {
            peers += room.size();
        }
        return peers;
    }
}
