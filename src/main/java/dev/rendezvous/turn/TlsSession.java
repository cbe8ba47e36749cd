package dev.rendezvous.turn;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * TLS over one non-blocking connection: decrypts what arrives into the connection's plaintext buffer and
 * encrypts what it sends, driving the handshake as the engine asks. Used by the selector thread only.
 */
final class TlsSession {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;

    TlsSession(SSLEngine engine) {
        this.engine = engine;
        engine.setUseClientMode(false);
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet);
        netOut.flip();
    }

    /** Room the plaintext buffer needs for one record. */
    int applicationBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /**
     * Reads what the socket has, decrypting into {@code plain}.
     *
     * @return false once the peer closed the connection or TLS failed
     */
    boolean read(SocketChannel channel, ByteBuffer plain) throws IOException {
        if (channel.read(netIn) < 0) {
            return false;
        }
        netIn.flip();
        try {
            while (true) {
                SSLEngineResult result = engine.unwrap(netIn, plain);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return false;
                }
                if (!handshake(channel, result.getHandshakeStatus())) {
                    return false;
                }
                boolean progress = result.bytesConsumed() > 0 || result.bytesProduced() > 0;
                if (result.getStatus() != SSLEngineResult.Status.OK || !netIn.hasRemaining() || !progress) {
                    break; // underflow: wait for more bytes; overflow: the caller drains plain first
                }
            }
        } finally {
            netIn.compact();
        }
        return true;
    }

    /**
     * Encrypts and writes {@code plain}; what the socket cannot take now stays pending.
     *
     * @return true when everything, including earlier pending bytes, reached the socket
     */
    boolean write(SocketChannel channel, ByteBuffer plain) throws IOException {
        if (!flushPending(channel)) {
            return false;
        }
        while (plain.hasRemaining()) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(plain, netOut);
            netOut.flip();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS session closed");
            }
            if (!flushPending(channel)) {
                return false;
            }
        }
        return true;
    }

    /** Continues a handshake that waited for the socket to take more bytes. */
    boolean resume(SocketChannel channel) throws IOException {
        return handshake(channel, engine.getHandshakeStatus());
    }

    boolean pending() {
        return netOut.hasRemaining();
    }

    /** Writes encrypted bytes left from an earlier call; false while some remain. */
    boolean flushPending(SocketChannel channel) throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    private boolean handshake(SocketChannel channel, SSLEngineResult.HandshakeStatus status) throws IOException {
        while (true) {
            switch (status) {
                case NEED_TASK -> {
                    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                        task.run();
                    }
                    status = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    if (!flushPending(channel)) {
                        return true; // the socket is full; the selector resumes the handshake
                    }
                    netOut.clear();
                    SSLEngineResult result = engine.wrap(EMPTY, netOut);
                    netOut.flip();
                    flushPending(channel);
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        return false;
                    }
                    status = result.getHandshakeStatus();
                }
                default -> {
                    return true; // NEED_UNWRAP waits for bytes; FINISHED and NOT_HANDSHAKING carry on
                }
            }
        }
    }
}
