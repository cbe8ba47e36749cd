package dev.rendezvous.tracker.udp;

import dev.rendezvous.tracker.AddressPeer;
import dev.rendezvous.tracker.wire.BinaryString;
import dev.rendezvous.tracker.wire.Event;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BEP 15's packets, bytes only (no sockets, no state): requests decoded into {@link UdpRequest}s, responses written
 * into buffers. Every response is sized from its request so that none is larger than the request allows: a connect
 * answer is as long as the request, an error never longer, a scrape answer shorter, and only an announce from a
 * verified source (a valid connection id) grows, to at most {@link #MAX_PEERS_V4} or {@link #MAX_PEERS_V6} peers.
 */
public final class UdpPackets {
    /** The connect request's magic number. */
    public static final long PROTOCOL_ID = 0x41727101980L;
    public static final int CONNECT = 0;
    public static final int ANNOUNCE = 1;
    public static final int SCRAPE = 2;
    public static final int ERROR = 3;

    /** Connection or protocol id, action, transaction id: what every request starts with. */
    public static final int HEADER = 16;
    /** An announce without BEP 41 options. Longer ones are read, their options ignored. */
    public static final int ANNOUNCE_LENGTH = 98;
    /** BEP 15: "up to about 74 torrents can be scraped at once", as a full-MTU packet holds. */
    public static final int MAX_SCRAPE_HASHES = 74;
    /** The largest request read; a longer packet is dropped. Holds a 74-hash scrape (1,496 bytes). */
    public static final int MAX_REQUEST = 1500;
    /** Peers in one announce answer, so that it stays within 1,400 bytes (20 + 200 x 6, 20 + 74 x 18). */
    public static final int MAX_PEERS_V4 = 200;
    public static final int MAX_PEERS_V6 = 74;
    public static final int CONNECT_RESPONSE = 16;
    public static final int ANNOUNCE_RESPONSE_HEADER = 20;

    private static final int ID = BinaryString.ID_LENGTH;

    private UdpPackets() {
    }

    /** Decodes the {@code length} bytes of {@code packet} (any length; {@link UdpRequest.Dropped} when unanswerable). */
    public static UdpRequest read(byte[] packet, int length) {
        if (length < HEADER) {
            return new UdpRequest.Dropped(UdpDrop.TOO_SHORT);
        }
        if (length > MAX_REQUEST) {
            return new UdpRequest.Dropped(UdpDrop.OVERSIZED);
        }
        ByteBuffer in = ByteBuffer.wrap(packet, 0, length);
        long connectionId = in.getLong(0);
        int action = in.getInt(8);
        int transactionId = in.getInt(12);
        return switch (action) {
            case CONNECT -> connectionId == PROTOCOL_ID ? new UdpRequest.Connect(transactionId)
                    : new UdpRequest.Refused(true, connectionId, transactionId, UdpRefusal.BAD_PROTOCOL_ID);
            case ANNOUNCE -> announce(in, packet, length, connectionId, transactionId);
            case SCRAPE -> scrape(packet, length, connectionId, transactionId);
            default -> new UdpRequest.Refused(false, connectionId, transactionId, UdpRefusal.INVALID_ACTION);
        };
    }

    private static UdpRequest announce(ByteBuffer in, byte[] packet, int length, long connectionId, int transactionId) {
        if (length < ANNOUNCE_LENGTH) {
            return new UdpRequest.Refused(false, connectionId, transactionId, UdpRefusal.TRUNCATED);
        }
        // Unsigned on the wire in practice: the npm client sends 2^64-1 when it does not know (a magnet link before
        // its metadata). Any such value is "a lot left", a leecher.
        long left = in.getLong(64) < 0 ? Long.MAX_VALUE : in.getLong(64);
        Event event = switch (in.getInt(80)) {
            case 0 -> Event.UPDATE;
            case 1 -> Event.COMPLETED;
            case 2 -> Event.STARTED;
            case 3 -> Event.STOPPED;
            default -> null;
        };
        int port = Short.toUnsignedInt(in.getShort(96));
        UdpRefusal refusal = event == null ? UdpRefusal.INVALID_EVENT
                : port == 0 ? UdpRefusal.INVALID_PORT
                : null;
        if (refusal != null) {
            return new UdpRequest.Refused(false, connectionId, transactionId, refusal);
        }
        return new UdpRequest.Announce(connectionId, transactionId, id(packet, 16), id(packet, 36), left, event,
                in.getInt(92), port);
    }

    private static UdpRequest scrape(byte[] packet, int length, long connectionId, int transactionId) {
        int hashes = (length - HEADER) / ID;
        if (hashes == 0 || (length - HEADER) % ID != 0) {
            return new UdpRequest.Refused(false, connectionId, transactionId, UdpRefusal.INVALID_SCRAPE);
        }
        List<String> infoHashes = new ArrayList<>(hashes);
        for (int i = 0; i < hashes; i++) {
            infoHashes.add(id(packet, HEADER + i * ID));
        }
        return new UdpRequest.Scrape(connectionId, transactionId, infoHashes);
    }

    private static String id(byte[] packet, int offset) {
        return new String(packet, offset, ID, StandardCharsets.ISO_8859_1);
    }

    /** Writes the 16-byte connect answer into {@code out} (cleared first) and flips it. */
    public static ByteBuffer connected(ByteBuffer out, int transactionId, long connectionId) {
        out.clear();
        out.putInt(CONNECT).putInt(transactionId).putLong(connectionId);
        return out.flip();
    }

    /**
     * An error answer to a request of {@code requestLength} bytes (at least {@link #HEADER}), written into {@code out}
     * (cleared first, at least {@code requestLength} long) and flipped: the message is cut so that the answer is no
     * longer than the request.
     */
    public static ByteBuffer error(ByteBuffer out, int transactionId, String message, int requestLength) {
        out.clear();
        out.putInt(ERROR).putInt(transactionId);
        int room = Math.min(requestLength, out.capacity()) - 8;
        for (int i = 0, n = Math.min(room, message.length()); i < n; i++) {
            char c = message.charAt(i);
            out.put((byte) (c < 0x80 ? c : '?'));
        }
        return out.flip();
    }

    /**
     * An announce answer: at most {@link #MAX_PEERS_V4} 6-byte or {@link #MAX_PEERS_V6} 18-byte peers of the
     * requested family (others are skipped), in a buffer of its own (it is sent from another thread).
     */
    public static ByteBuffer announced(int transactionId, int interval, int incomplete, int complete,
                                       List<AddressPeer> peers, boolean ipv6) {
        int compact = ipv6 ? 18 : 6;
        int max = ipv6 ? MAX_PEERS_V6 : MAX_PEERS_V4;
        byte[] out = new byte[ANNOUNCE_RESPONSE_HEADER + Math.min(max, peers.size()) * compact];
        ByteBuffer.wrap(out).putInt(ANNOUNCE).putInt(transactionId).putInt(interval).putInt(incomplete).putInt(complete);
        int length = ANNOUNCE_RESPONSE_HEADER;
        for (int i = 0, n = peers.size(); i < n && length < out.length; i++) {
            AddressPeer peer = peers.get(i);
            if (peer.ipv6() == ipv6) {
                peer.writeCompact(out, length);
                length += compact;
            }
        }
        return ByteBuffer.wrap(out, 0, length);
    }

    /**
     * A scrape answer: seeders, completed, leechers for each requested info_hash in request order (zeros for one the
     * registry does not know), 12 bytes each against the request's 20.
     */
    public static ByteBuffer scraped(int transactionId, List<String> infoHashes, Map<String, ScrapeFile> files) {
        ByteBuffer out = ByteBuffer.allocate(8 + 12 * infoHashes.size());
        out.putInt(SCRAPE).putInt(transactionId);
        for (String infoHash : infoHashes) {
            ScrapeFile file = files.getOrDefault(infoHash, ScrapeFile.EMPTY);
            out.putInt(file.complete()).putInt((int) Math.min(Integer.MAX_VALUE, file.downloaded())).putInt(file.incomplete());
        }
        return out.flip();
    }
}
