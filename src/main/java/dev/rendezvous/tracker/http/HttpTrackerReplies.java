package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.AddressPeer;
import dev.rendezvous.tracker.AddressReply;
import dev.rendezvous.tracker.ScrapeReply;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP tracker's bencoded bodies. Every dictionary's keys are written in sorted order, as bencode requires:
 * {@code complete < incomplete < interval < min interval < peers < peers6}; {@code ip < peer id < port};
 * {@code complete < downloaded < incomplete}; a scrape's info_hashes by their bytes.
 */
final class HttpTrackerReplies {
    /** Compact peers: 4 address bytes and 2 port bytes (BEP 23); 16 and 2 in {@code peers6} (BEP 7). */
    private static final int COMPACT_V4 = 6;
    private static final int COMPACT_V6 = 18;

    private HttpTrackerReplies() {
    }

    static byte[] failure(String reason) {
        return new BencodeWriter(32 + reason.length()).startDictionary()
                .key("failure reason").string(reason)
                .end().toByteArray();
    }

    /** An announce reply (its {@code failure} null), compact or in the dictionary model as {@code query} asked. */
    static byte[] announce(AddressReply reply, AnnounceQuery query) {
        List<AddressPeer> peers = reply.peers();
        BencodeWriter out = new BencodeWriter(96 + peers.size() * (query.compact() ? COMPACT_V6 : 64));
        out.startDictionary()
                .key("complete").integer(reply.complete())
                .key("incomplete").integer(reply.incomplete())
                .key("interval").integer(reply.interval())
                .key("min interval").integer(reply.minInterval());
        if (query.compact()) {
            compactPeers(out, peers);
        } else {
            dictionaryPeers(out, peers, !query.noPeerId());
        }
        return out.end().toByteArray();
    }

    /** {@code peers} and {@code peers6} both, empty strings when there are none (as the reference tracker does). */
    private static void compactPeers(BencodeWriter out, List<AddressPeer> peers) {
        int v6 = 0;
        for (AddressPeer peer : peers) {
            v6 += peer.ipv6() ? 1 : 0;
        }
        out.key("peers").stringHeader((peers.size() - v6) * COMPACT_V4);
        for (AddressPeer peer : peers) {
            if (!peer.ipv6()) {
                out.compact(peer);
            }
        }
        out.key("peers6").stringHeader(v6 * COMPACT_V6);
        for (AddressPeer peer : peers) {
            if (peer.ipv6()) {
                out.compact(peer);
            }
        }
    }

    /** BEP 3's original model: one dictionary a peer, IPv4 and IPv6 alike in {@code peers}. */
    private static void dictionaryPeers(BencodeWriter out, List<AddressPeer> peers, boolean withPeerId) {
        out.key("peers").startList();
        for (AddressPeer peer : peers) {
            out.startDictionary().key("ip").string(peer.addressText());
            if (withPeerId) {
                out.key("peer id").string(peer.peerId());
            }
            out.key("port").integer(peer.port()).end();
        }
        out.end();
    }

    /** A scrape reply (its {@code failure} null): {@code files}, one dictionary per info_hash asked. */
    static byte[] scrape(ScrapeReply reply) {
        List<Map.Entry<String, ScrapeFile>> files = new ArrayList<>(reply.files().entrySet());
        files.sort(Map.Entry.comparingByKey()); // chars U+0000..U+00FF: String order is unsigned byte order
        BencodeWriter out = new BencodeWriter(32 + files.size() * 80);
        out.startDictionary().key("files").startDictionary();
        for (Map.Entry<String, ScrapeFile> file : files) {
            ScrapeFile counts = file.getValue();
            out.key(file.getKey()).startDictionary()
                    .key("complete").integer(counts.complete())
                    .key("downloaded").integer(counts.downloaded())
                    .key("incomplete").integer(counts.incomplete())
                    .end();
        }
        return out.end().end().toByteArray();
    }
}
