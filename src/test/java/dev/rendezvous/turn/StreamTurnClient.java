package dev.rendezvous.turn;

import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A STUN/TURN client over one TCP (or TLS) connection, written for the tests of Rendezvous' own stream listener and
 * RFC 6062 relaying. Indications that arrive while it waits for a response are kept for {@link #nextIndication()}.
 */
public final class StreamTurnClient extends StunTestClient {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Deque<Reply> indications = new ArrayDeque<>();

    public StreamTurnClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public StreamTurnClient(InetSocketAddress server) throws IOException {
        this(new Socket(server.getAddress(), server.getPort()));
    }

    @Override
    protected Reply exchange(byte[] message, byte[] transactionId) throws IOException {
        out.write(message);
        while (true) {
            Reply reply = readMessage();
            if (reply.reader().messageClass() == MessageType.INDICATION) {
                indications.add(reply);
            } else if (Arrays.equals(reply.reader().transactionId(), transactionId)) {
                return reply;
            }
        }
    }

    /** The next indication from the server (a ConnectionAttempt, a Data indication). */
    public Reply nextIndication() throws IOException {
        Reply kept = indications.poll();
        if (kept != null) {
            return kept;
        }
        while (true) {
            Reply reply = readMessage();
            if (reply.reader().messageClass() == MessageType.INDICATION) {
                return reply;
            }
        }
    }

    /** The raw connection, for the bytes of a client data connection after its ConnectionBind. */
    public Socket socket() {
        return socket;
    }

    private Reply readMessage() throws IOException {
        byte[] header = new byte[20];
        in.readFully(header, 0, 4);
        if ((header[0] & 0xC0) != 0) {
            throw new IOException("expected a STUN message, got ChannelData");
        }
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] message = Arrays.copyOf(header, 20 + length);
        in.readFully(message, 4, 16 + length);
        StunReader reader = new StunReader();
        if (reader.read(message, 0, message.length) != StunReader.Result.OK) {
            throw new IOException("malformed STUN from the server");
        }
        return new Reply(message, reader);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
