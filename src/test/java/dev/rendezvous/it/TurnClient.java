package dev.rendezvous.it;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunWriter;
import dev.rendezvous.turn.DatagramTurnClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** A STUN/TURN client over UDP, written for the tests on Rendezvous' own codec. Loopback only. */
final class TurnClient extends DatagramTurnClient {
    static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(),
            Integer.getInteger("it.turn.port", 3478));

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
        super(server, local);
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
}
