package dev.rendezvous.it;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import dev.rendezvous.stun.StunWriter;
import dev.rendezvous.turn.StunTestClient;

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
final class TurnClient extends StunTestClient {
    static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(),
            Integer.getInteger("it.turn.port", 3478));

    final DatagramSocket socket;
    private final InetSocketAddress server;

    TurnClient() throws IOException {
        this(SERVER);
    }

    /** A client of the STUN/TURN server at {@code server} (the IT server's by default). */
    TurnClient(InetSocketAddress server) throws IOException {
        this(server, InetAddress.getLoopbackAddress());
    }

    /** A client of the IT server from {@code local}, any address of 127.0.0.0/8. */
    TurnClient(InetAddress local) throws IOException {
        this(SERVER, local);
    }

    /** A client of the STUN/TURN server at {@code server} from {@code local}, any address of 127.0.0.0/8. */
    TurnClient(InetSocketAddress server, InetAddress local) throws IOException {
        this.server = server;
        socket = new DatagramSocket(new InetSocketAddress(local, 0));
        socket.setSoTimeout(2000);
    }

    @Override
    protected Reply exchange(byte[] message, byte[] transactionId) throws IOException {
        sendRaw(message);
        long deadline = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < deadline) {
            Reply reply = receive();
            if (reply != null && Arrays.equals(reply.reader().transactionId(), transactionId)) {
                return reply;
            }
        }
        throw new SocketTimeoutException("no answer to transaction " + java.util.HexFormat.of().formatHex(transactionId));
    }

    static Consumer<StunWriter> udpTransport() {
        return transport(UDP);
    }

    void sendIndication(InetSocketAddress peer, byte[] data) throws IOException {
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        writer.begin(MessageType.of(MessageType.SEND, MessageType.INDICATION), txid, 0)
                .xorAddress(AttributeType.XOR_PEER_ADDRESS, peer).attribute(AttributeType.DATA, data);
        sendRaw(Arrays.copyOf(writer.buffer(), writer.length()));
    }

    void channelData(int channel, byte[] data) throws IOException {
        sendRaw(channelDataFrame(channel, data));
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
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
