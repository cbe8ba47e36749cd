package dev.rendezvous.it;

import dev.rendezvous.auth.LongTermKey;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import dev.rendezvous.stun.StunWriter;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import javax.net.ssl.SSLSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TURN over TCP: framing on a stream, and the allocation's life tied to its connection. */
class TcpTurnIT {

    /** Reads one STUN message or padded ChannelData frame from the stream. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] header = new byte[4];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        boolean stun = (header[0] & 0xC0) == 0;
        int rest = stun ? 16 + length : (length + 3) & ~3;
        byte[] frame = Arrays.copyOf(header, 4 + rest);
        in.readFully(frame, 4, rest);
        return stun ? frame : Arrays.copyOf(frame, 4 + length);
    }

    private static StunReader read(byte[] frame) {
        StunReader reader = new StunReader();
        assertEquals(StunReader.Result.OK, reader.read(frame, 0, frame.length));
        return reader;
    }

    private static byte[] request(int method, StunWriter w, String nonce, byte[] key) {
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        w.begin(MessageType.of(method, MessageType.REQUEST), txid, 0).u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
        if (key != null) {
            w.string(AttributeType.USERNAME, "it-user").string(AttributeType.REALM, "rendezvous")
                    .string(AttributeType.NONCE, nonce).messageIntegrity(key);
        }
        return Arrays.copyOf(w.buffer(), w.length());
    }

    @Test
    void allocateOverTcpAndTheAllocationEndsWithTheConnection() throws Exception {
        allocateAndClose(new Socket("127.0.0.1", TurnClient.SERVER.getPort()));
    }

    @Test
    void allocateOverTlsWithLibertysDevelopmentCertificate() throws Exception {
        SSLSocket socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket("127.0.0.1", Integer.getInteger("it.turn.tls.port"));
        socket.startHandshake();
        assertTrue(socket.getSession().getProtocol().startsWith("TLSv1."), socket.getSession().getProtocol());
        allocateAndClose(socket);
    }

    private static void allocateAndClose(Socket connected) throws Exception {
        double active = Server.metric("rendezvous_turn_allocations_active");
        try (Socket socket = connected) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StunWriter w = new StunWriter(512);
            // Two requests back to back in one write: the stream is framed by the messages' own lengths.
            byte[] binding = Arrays.copyOf(w.begin(MessageType.of(MessageType.BINDING, MessageType.REQUEST), new byte[12], 0).buffer(), 20);
            byte[] challengeRequest = request(MessageType.ALLOCATE, w, null, null);
            byte[] both = Arrays.copyOf(binding, binding.length + challengeRequest.length);
            System.arraycopy(challengeRequest, 0, both, binding.length, challengeRequest.length);
            out.write(both);
            assertEquals(MessageType.SUCCESS, read(readFrame(in)).messageClass());
            StunReader challenge = read(readFrame(in));
            String nonce = challenge.string(AttributeType.NONCE);
            byte[] key = LongTermKey.derive("it-user", "rendezvous", "it-password").orElseThrow();
            out.write(request(MessageType.ALLOCATE, w, nonce, key));
            StunReader allocated = read(readFrame(in));
            assertEquals(MessageType.SUCCESS, allocated.messageClass());
            assertTrue(allocated.has(AttributeType.XOR_RELAYED_ADDRESS));
            assertEquals(active + 1, Server.metric("rendezvous_turn_allocations_active"));
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (Server.metric("rendezvous_turn_allocations_active") > active && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(active, Server.metric("rendezvous_turn_allocations_active"), "closing the connection deletes it");
    }

    @Test
    void aStreamCutMidFrameLeavesNothingBehindAndGarbageClosesTheConnection() throws Exception {
        double active = Server.metric("rendezvous_turn_allocations_active");
        try (Socket socket = new Socket("127.0.0.1", TurnClient.SERVER.getPort())) {
            byte[] allocate = request(MessageType.ALLOCATE, new StunWriter(512), null, null);
            socket.getOutputStream().write(Arrays.copyOf(allocate, allocate.length / 2));
        }
        try (Socket socket = new Socket("127.0.0.1", TurnClient.SERVER.getPort())) {
            socket.setSoTimeout(3000);
            // 0b11...: neither STUN (0b00) nor ChannelData (0b01). ("GET" would read as ChannelData 0x4745.)
            socket.getOutputStream().write(new byte[]{(byte) 0xC5, 0x01, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8});
            assertEquals(-1, socket.getInputStream().read(), "a stream that is neither STUN nor ChannelData is closed");
        }
        try (TurnClient client = new TurnClient()) {
            assertTrue(client.request(MessageType.BINDING, w -> { }).success(), "the server still answers");
        }
        assertEquals(active, Server.metric("rendezvous_turn_allocations_active"));
    }
}
