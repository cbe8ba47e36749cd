package dev.rendezvous.tracker.udp;

import dev.rendezvous.tracker.wire.Event;

import java.util.List;

/** A BEP 15 request as {@link UdpPackets#read} decodes it: plain data, not yet checked against a connection id. */
public sealed interface UdpRequest {

    /** Action 0 with the protocol's magic number: asks for a connection id. */
    record Connect(int transactionId) implements UdpRequest {
    }

    /**
     * Action 1. {@code numwant} as sent (negative: the default). The IP address field and the key are not kept: the
     * client's address is the packet's source, always (believing the field would make the tracker a DDoS reflector).
     */
    record Announce(long connectionId, int transactionId, String infoHash, String peerId, long left, Event event,
                    int numwant, int port) implements UdpRequest {
    }

    /** Action 2: 1 to 74 info_hashes, in request order (duplicates kept: each gets its own answer). */
    record Scrape(long connectionId, int transactionId, List<String> infoHashes) implements UdpRequest {
        public Scrape {
            infoHashes = List.copyOf(infoHashes);
        }
    }

    /**
     * A request to answer with an error. {@code connect}: it claimed the connect action (so it carries no connection
     * id to check first); otherwise the connection id is checked before this reason is sent.
     */
    record Refused(boolean connect, long connectionId, int transactionId, UdpRefusal reason) implements UdpRequest {
    }

    /** A packet that gets no answer at all. */
    record Dropped(UdpDrop reason) implements UdpRequest {
    }
}
