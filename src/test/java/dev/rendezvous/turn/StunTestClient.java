package dev.rendezvous.turn;

import dev.rendezvous.auth.LongTermKey;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import dev.rendezvous.stun.StunWriter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * What the tests' STUN/TURN clients share, whatever carries their messages: building requests, signing them with
 * long-term credentials after the 401 challenge, and reading replies. The credential fields are open so that tests
 * can corrupt them on purpose.
 */
public abstract class StunTestClient implements AutoCloseable {
    public static final int TCP = 6;
    public static final int UDP = 17;

    protected final StunWriter writer = new StunWriter(4096);
    public String username;
    public String realm;
    public String nonce;
    public byte[] key;

    /** A message from the server and a reader over it. */
    public record Reply(byte[] bytes, StunReader reader) {
        public int errorCode() {
            int i = reader.find(AttributeType.ERROR_CODE);
            if (i < 0) {
                return 0;
            }
            byte[] b = reader.buffer();
            return (b[reader.valueOffset(i) + 2] & 0x7) * 100 + (b[reader.valueOffset(i) + 3] & 0xFF);
        }

        public String errorReason() {
            int i = reader.find(AttributeType.ERROR_CODE);
            return i < 0 ? null : new String(reader.buffer(), reader.valueOffset(i) + 4, reader.valueLength(i) - 4,
                    StandardCharsets.UTF_8);
        }

        public boolean success() {
            return reader.messageClass() == MessageType.SUCCESS;
        }

        public InetSocketAddress address(int attributeType) {
            return reader.xorAddressAt(reader.find(attributeType));
        }

        public int connectionId() {
            return (int) reader.u32Value(AttributeType.CONNECTION_ID);
        }
    }

    /** Sends {@code message} and returns the reply whose transaction id is {@code transactionId}. */
    protected abstract Reply exchange(byte[] message, byte[] transactionId) throws IOException;

    /** Sends a request built by {@code attributes}, signed once credentials are set, and waits for its answer. */
    public Reply request(int method, Consumer<StunWriter> attributes) throws IOException {
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        writer.begin(MessageType.of(method, MessageType.REQUEST), txid, 0);
        attributes.accept(writer);
        if (key != null) {
            writer.string(AttributeType.USERNAME, username).string(AttributeType.REALM, realm)
                    .string(AttributeType.NONCE, nonce).messageIntegrity(key);
        }
        writer.fingerprint();
        return exchange(Arrays.copyOf(writer.buffer(), writer.length()), txid);
    }

    /** A request exactly as {@code message} writes it after the header (no credentials added), and its answer. */
    public Reply raw(int method, Consumer<StunWriter> message) throws IOException {
        byte[] saved = key;
        key = null;
        try {
            return request(method, message);
        } finally {
            key = saved;
        }
    }

    /** The 401 challenge, then the same request with long-term credentials (kept for later requests). */
    public Reply authenticated(int method, String user, String password, Consumer<StunWriter> attributes)
            throws IOException {
        key = null;
        Reply challenge = request(method, attributes);
        if (challenge.errorCode() != 401) {
            return challenge;
        }
        username = user;
        realm = challenge.reader().string(AttributeType.REALM);
        nonce = challenge.reader().string(AttributeType.NONCE);
        key = LongTermKey.derive(user, realm, password).orElseThrow();
        return request(method, attributes);
    }

    /** A ChannelData message: the channel number, the length, then {@code data}. */
    public static byte[] channelDataFrame(int channel, byte[] data) {
        byte[] frame = new byte[4 + data.length];
        frame[0] = (byte) (channel >> 8);
        frame[1] = (byte) channel;
        frame[2] = (byte) (data.length >> 8);
        frame[3] = (byte) data.length;
        System.arraycopy(data, 0, frame, 4, data.length);
        return frame;
    }

    public static Consumer<StunWriter> transport(int protocol) {
        return w -> w.u32(AttributeType.REQUESTED_TRANSPORT, (long) protocol << 24);
    }

    public static Consumer<StunWriter> peer(InetSocketAddress peer) {
        return w -> w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer);
    }

    public static Consumer<StunWriter> connectionId(int id) {
        return w -> w.u32(AttributeType.CONNECTION_ID, id & 0xFFFF_FFFFL);
    }
}
