package dev.rendezvous.admin;

/** One room, its counts summed over the nodes that hold its peers; {@code id} is its info_hash. */
public record RoomReport(String id, String infoHash, int seeders, int leechers, int peers) {
    RoomReport plus(RoomReport other) {
        return new RoomReport(id, infoHash, seeders + other.seeders, leechers + other.leechers, peers + other.peers);
    }
}
