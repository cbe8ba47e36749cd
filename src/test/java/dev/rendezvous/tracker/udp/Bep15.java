package dev.rendezvous.tracker.udp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * BEP 15 requests as a client writes them, byte by byte from the specification (not through {@link UdpPackets}), and
 * a reader of answers, for the unit and integration tests.
 */
public final class Bep15 {
    public static final long PROTOCOL_ID = 0x41727101980L;

    private Bep15() {
    }

    public static byte[] connect(int transactionId) {
        return ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(0).putInt(transactionId).array();
    }

    /** An announce (98 bytes); {@code event}: 0 none, 1 completed, 2 started, 3 stopped. */
    public static byte[] announce(long connectionId, int transactionId, String infoHash, String peerId, long left,
                                  int event, int numwant, int port) {
        return ByteBuffer.allocate(98).putLong(connectionId).putInt(1).putInt(transactionId)
                .put(id(infoHash)).put(id(peerId))
                .putLong(0).putLong(left).putLong(0) // downloaded, left, uploaded
                .putInt(event).putInt(0).putInt(0x1234) // event, IP address (0: the source's), key
                .putInt(numwant).putShort((short) port)
                .array();
    }

    public static byte[] scrape(long connectionId, int transactionId, String... infoHashes) {
        ByteBuffer out = ByteBuffer.allocate(16 + 20 * infoHashes.length).putLong(connectionId).putInt(2).putInt(transactionId);
        for (String infoHash : infoHashes) {
            out.put(id(infoHash));
        }
        return out.array();
    }

    /** {@code packet} with BEP 41 options appended: a URL-data option, then end-of-options. */
    public static byte[] withUrlData(byte[] packet, String urlData) {
        byte[] data = urlData.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(packet, packet.length + 2 + data.length + 1);
        out[packet.length] = 2;
        out[packet.length + 1] = (byte) data.length;
        System.arraycopy(data, 0, out, packet.length + 2, data.length);
        out[out.length - 1] = 0;
        return out;
    }

    public static byte[] id(String binary) {
        byte[] bytes = binary.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length != 20) {
            throw new IllegalArgumentException("not 20 bytes: " + binary);
        }
        return bytes;
    }

    /** An answer, decoded just enough for the tests. */
    public record Answer(int action, int transactionId, ByteBuffer body, int length) {
        public static Answer of(ByteBuffer datagram) {
            ByteBuffer in = datagram.duplicate();
            int length = in.remaining();
            if (length < 8) {
                throw new AssertionError("an answer of " + length + " bytes");
            }
            int action = in.getInt();
            int transactionId = in.getInt();
            return new Answer(action, transactionId, in.slice(), length);
        }

        public long connectionId() {
            check(0);
            return body.getLong(0);
        }

        public String error() {
            check(3);
            byte[] text = new byte[body.remaining()];
            body.duplicate().get(text);
            return new String(text, StandardCharsets.US_ASCII);
        }

        public int interval() {
            check(1);
            return body.getInt(0);
        }

        public int leechers() {
            check(1);
            return body.getInt(4);
        }

        public int seeders() {
            check(1);
            return body.getInt(8);
        }

        /** The compact peers of an announce answer, each {@code size} (6 or 18) bytes. */
        public int peerCount(int size) {
            check(1);
            if ((length - 20) % size != 0) {
                throw new AssertionError((length - 20) + " bytes of peers are not a whole number of " + size + "-byte peers");
            }
            return (length - 20) / size;
        }

        /** The port of the {@code index}th peer of {@code size} bytes. */
        public int peerPort(int index, int size) {
            return Short.toUnsignedInt(body.getShort(12 + index * size + size - 2));
        }

        /** The address bytes of the {@code index}th peer of {@code size} bytes. */
        public byte[] peerAddress(int index, int size) {
            byte[] address = new byte[size - 2];
            body.get(12 + index * size, address);
            return address;
        }

        /** Seeders, completed, leechers of the {@code index}th scraped info_hash. */
        public int[] scraped(int index) {
            check(2);
            return new int[]{body.getInt(12 * index), body.getInt(12 * index + 4), body.getInt(12 * index + 8)};
        }

        private void check(int expected) {
            if (action != expected) {
                throw new AssertionError("action " + action + (action == 3 ? " (" + error() + ")" : "")
                        + " where " + expected + " was expected");
            }
        }
    }
}
