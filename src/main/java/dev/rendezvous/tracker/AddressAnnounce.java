package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.Event;

/**
 * An HTTP (BEP 3) or UDP (BEP 15) announce, decoded and validated by its front-end.
 *
 * @param infoHash 20-character binary string
 * @param peerId   20-character binary string
 * @param address  the client's address as its socket (or a trusted proxy) gives it, 4 or 16 bytes; never what the
 *                 client claims, which would make the tracker send other peers to a victim
 * @param port     1 to 65535
 * @param left     bytes the client still lacks; 0 is a seeder
 * @param numwant  peers asked for, or -1 for the default; the tracker bounds it
 */
public record AddressAnnounce(Protocol protocol, String infoHash, String peerId, byte[] address, int port, Event event,
                              long left, int numwant) {

    public AddressAnnounce {
        if (protocol == Protocol.WEBSOCKET) {
            throw new IllegalArgumentException("WebSocket peers have no address to announce");
        }
        address = address.clone();
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    public AddressPeer peer() {
        return new AddressPeer(peerId, address, port);
    }

    public boolean seeder() {
        return left == 0;
    }
}
