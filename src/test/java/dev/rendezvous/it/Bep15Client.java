package dev.rendezvous.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Raw BEP 15 packets to a UDP tracker, from one loopback socket: connect, announce, scrape, and the error reply, each
 * built and parsed here byte by byte (not by the server's code). Every reply's transaction id is checked against the
 * request's.
 */
final class Bep15Client implements AutoCloseable {
    static final long PROTOCOL_ID = 0x41727101980L;
    static final int CONNECT = 0;
    static final int ANNOUNCE = 1;
    static final int SCRAPE = 2;
    static final int ERROR = 3;
    /** BEP 15 event codes. */
    static final int NONE = 0;
    static final int COMPLETED = 1;
    static final int STARTED = 2;
    static final int STOPPED = 3;

    private final DatagramSocket socket;
    private final InetSocketAddress tracker;

    Bep15Client(String host, int port) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        this.socket = new DatagramSocket(new InetSocketAddress(address, 0));
        this.socket.setSoTimeout(5000);
        this.tracker = new InetSocketAddress(address, port);
    }

    Bep15Client(int port) throws IOException {
        this("127.0.0.1", port);
    }

    /** A reply: its action, and the bytes after action and transaction id. */
    record Reply(int action, byte[] payload) {
        String errorMessage() {
            return action == ERROR ? new String(payload, StandardCharsets.UTF_8) : null;
        }
    }

    record Announced(int interval, int leechers, int seeders, TreeSet<String> peers) {
    }

    record ScrapeFile(int seeders, int completed, int leechers) {
    }

    /** The announce fields a client chooses (the rest are zero: downloaded, uploaded, ip, key). */
    record Announce(String infoHash, String peerId, long left, int event, int numwant, int port) {
    }

    long connect() throws IOException {
        ByteBuffer request = ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(CONNECT).putInt(0);
        Reply reply = exchange(request.array());
        if (reply.action() != CONNECT || reply.payload().length < 8) {
            throw new IllegalStateException("not a connect reply: action " + reply.action() + ", " + reply.errorMessage());
        }
        return ByteBuffer.wrap(reply.payload()).getLong();
    }

    static byte[] announcePacket(long connectionId, Announce a) {
        return ByteBuffer.allocate(98).putLong(connectionId).putInt(ANNOUNCE).putInt(0)
                .put(a.infoHash().getBytes(StandardCharsets.ISO_8859_1)).put(a.peerId().getBytes(StandardCharsets.ISO_8859_1))
                .putLong(0).putLong(a.left()).putLong(0).putInt(a.event()).putInt(0).putInt(0).putInt(a.numwant())
                .putShort((short) a.port()).array();
    }

    static byte[] scrapePacket(long connectionId, String... infoHashes) {
        ByteBuffer b = ByteBuffer.allocate(16 + 20 * infoHashes.length).putLong(connectionId).putInt(SCRAPE).putInt(0);
        for (String h : infoHashes) {
            b.put(h.getBytes(StandardCharsets.ISO_8859_1));
        }
        return b.array();
    }

    Reply announceRaw(long connectionId, Announce a) throws IOException {
        return exchange(announcePacket(connectionId, a));
    }

    Announced announce(long connectionId, Announce a) throws IOException {
        return announced(announceRaw(connectionId, a), tracker.getAddress().getAddress().length);
    }

    static Announced announced(Reply reply, int addressLength) {
        if (reply.action() != ANNOUNCE) {
            throw new IllegalStateException("not an announce reply: action " + reply.action() + ", " + reply.errorMessage());
        }
        ByteBuffer b = ByteBuffer.wrap(reply.payload());
        int interval = b.getInt();
        int leechers = b.getInt();
        int seeders = b.getInt();
        byte[] rest = Arrays.copyOfRange(reply.payload(), 12, reply.payload().length);
        return new Announced(interval, leechers, seeders, compactPeers(rest, addressLength));
    }

    Reply scrapeRaw(long connectionId, String... infoHashes) throws IOException {
        return exchange(scrapePacket(connectionId, infoHashes));
    }

    List<ScrapeFile> scrape(long connectionId, String... infoHashes) throws IOException {
        return scraped(scrapeRaw(connectionId, infoHashes));
    }

    static List<ScrapeFile> scraped(Reply reply) {
        if (reply.action() != SCRAPE || reply.payload().length % 12 != 0) {
            throw new IllegalStateException("not a scrape reply: action " + reply.action() + ", " + reply.errorMessage());
        }
        ByteBuffer b = ByteBuffer.wrap(reply.payload());
        List<ScrapeFile> files = new ArrayList<>();
        while (b.hasRemaining()) {
            files.add(new ScrapeFile(b.getInt(), b.getInt(), b.getInt()));
        }
        return files;
    }

    /**
     * Sends {@code packet} with a fresh transaction id (bytes 12..15, after connection id and action) and returns the
     * reply that carries it. Loopback loses nothing, but a busy server may be slow: three tries, 5 s each.
     */
    Reply exchange(byte[] packet) throws IOException {
        byte[] request = packet.clone();
        int transactionId = ThreadLocalRandom.current().nextInt();
        ByteBuffer.wrap(request).putInt(12, transactionId);
        byte[] buffer = new byte[65_536];
        for (int attempt = 1; ; attempt++) {
            socket.send(new DatagramPacket(request, request.length, tracker));
            try {
                while (true) {
                    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                    socket.receive(in);
                    if (in.getLength() < 8) {
                        throw new IllegalStateException("a " + in.getLength() + "-byte reply");
                    }
                    ByteBuffer b = ByteBuffer.wrap(buffer, 0, in.getLength());
                    int action = b.getInt();
                    if (b.getInt() == transactionId) {
                        return new Reply(action, Arrays.copyOfRange(buffer, 8, in.getLength()));
                    }
                }
            } catch (SocketTimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Compact peers (BEP 23 / BEP 7): address then big-endian port, as sorted "address:port" texts. */
    static TreeSet<String> compactPeers(byte[] bytes, int addressLength) {
        int size = addressLength + 2;
        if (bytes.length % size != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes of compact peers are not a multiple of " + size);
        }
        TreeSet<String> peers = new TreeSet<>();
        for (int i = 0; i < bytes.length; i += size) {
            try {
                String address = InetAddress.getByAddress(Arrays.copyOfRange(bytes, i, i + addressLength)).getHostAddress();
                int port = ((bytes[i + addressLength] & 0xff) << 8) | (bytes[i + addressLength + 1] & 0xff);
                peers.add((addressLength == 16 ? "[" + address + "]" : address) + ":" + port);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return peers;
    }

    @Override
    public void close() {
        socket.close();
    }
}
