package dev.rendezvous.it;

import dev.rendezvous.auth.LongTermKey;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import dev.rendezvous.stun.StunWriter;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** A STUN/TURN client over UDP, written for the tests on Rendezvous' own codec. Loopback only. */
final class TurnClient implements AutoCloseable {
    static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(),
            Integer.getInteger("it.turn.port", 3478));
    static final int UDP = 17;

    final DatagramSocket socket;
    private final StunWriter writer = new StunWriter(4096);
    String username;
    String realm;
    String nonce;
    byte[] key;

    TurnClient() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(2000);
    }

    /** A reply: the message bytes and a reader over them. */
    record Reply(byte[] bytes, StunReader reader) {
        int errorCode() {
            int i = reader.find(AttributeType.ERROR_CODE);
            if (i < 0) {
                return 0;
            }
            byte[] b = reader.buffer();
            return (b[reader.valueOffset(i) + 2] & 0x7) * 100 + (b[reader.valueOffset(i) + 3] & 0xFF);
        }

        boolean success() {
            return reader.messageClass() == MessageType.SUCCESS;
        }
    }

    /** Sends a request built by {@code attributes} (signed when credentials are set) and waits for its answer. */
    Reply request(int method, Consumer<StunWriter> attributes) throws IOException {
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        writer.begin(MessageType.of(method, MessageType.REQUEST), txid, 0);
        attributes.accept(writer);
        if (key != null) {
            writer.string(AttributeType.USERNAME, username).string(AttributeType.REALM, realm)
                    .string(AttributeType.NONCE, nonce).messageIntegrity(key);
        }
        writer.fingerprint();
        sendRaw(Arrays.copyOf(writer.buffer(), writer.length()));
        long deadline = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < deadline) {
            Reply reply = receive();
            if (reply != null && Arrays.equals(reply.reader.transactionId(), txid)) {
                return reply;
            }
        }
        throw new SocketTimeoutException("no answer to method " + method);
    }

    /** A request exactly as {@code message} writes it after the header (no credentials added), and its answer. */
    Reply raw(int method, Consumer<StunWriter> message) throws IOException {
        byte[] saved = key;
        key = null;
        try {
            return request(method, message);
        } finally {
            key = saved;
        }
    }

    /** The 401 challenge, then the same request with long-term credentials. */
    Reply authenticated(int method, String user, String password, Consumer<StunWriter> attributes) throws IOException {
        key = null;
        Reply challenge = request(method, attributes);
        if (challenge.errorCode() != 401) {
            return challenge;
        }
        username = user;
        realm = challenge.reader.string(AttributeType.REALM);
        nonce = challenge.reader.string(AttributeType.NONCE);
        key = LongTermKey.derive(user, realm, password).orElseThrow();
        return request(method, attributes);
    }

    static Consumer<StunWriter> udpTransport() {
        return w -> w.u32(AttributeType.REQUESTED_TRANSPORT, (long) UDP << 24);
    }

    static Consumer<StunWriter> peer(InetSocketAddress peer) {
        return w -> w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer);
    }

    void sendIndication(InetSocketAddress peer, byte[] data) throws IOException {
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        writer.begin(MessageType.of(MessageType.SEND, MessageType.INDICATION), txid, 0)
                .xorAddress(AttributeType.XOR_PEER_ADDRESS, peer).attribute(AttributeType.DATA, data);
        sendRaw(Arrays.copyOf(writer.buffer(), writer.length()));
    }

    void channelData(int channel, byte[] data) throws IOException {
        byte[] frame = new byte[4 + data.length];
        frame[0] = (byte) (channel >> 8);
        frame[1] = (byte) channel;
        frame[2] = (byte) (data.length >> 8);
        frame[3] = (byte) data.length;
        System.arraycopy(data, 0, frame, 4, data.length);
        sendRaw(frame);
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, SERVER));
    }

    /** The next datagram from the server as raw bytes, or null on timeout. */
    byte[] receiveRaw() throws IOException {
        byte[] buf = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buf, packet.getLength());
    }

    Reply receive() throws IOException {
        byte[] bytes = receiveRaw();
        if (bytes == null) {
            return null;
        }
        StunReader reader = new StunReader();
        return reader.read(bytes, 0, bytes.length) == StunReader.Result.OK ? new Reply(bytes, reader) : null;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
