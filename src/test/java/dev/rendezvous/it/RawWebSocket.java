package dev.rendezvous.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The WebSocket protocol written by hand over a plain socket, for what library clients will not do: send frames
 * that break limits, never read, or carry handshake headers of the test's choosing.
 */
final class RawWebSocket {
    private RawWebSocket() {
    }

    /** Upgrades {@code socket} to a WebSocket at /announce and reads the 101 response's headers, nothing more. */
    static void upgrade(Socket socket, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder("GET /announce HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        for (int matched = 0; matched < 4; ) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
    }

    /** A frame from the server: its opcode and its payload. */
    record Frame(int opcode, byte[] payload) {
        static final int TEXT = 0x1;
        static final int CLOSE = 0x8;

        /** A close frame's status code, 1005 if it has none. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /** The server's next frame (servers do not mask). */
    static Frame readFrame(DataInputStream in) throws IOException {
        int opcode = in.readUnsignedByte() & 0x0F;
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = (int) in.readLong();
        }
        return new Frame(opcode, in.readNBytes(length));
    }

    /**
     * Reads the server's frames until its close frame: that frame's status code, or -1 if the connection ends or is
     * reset first.
     */
    static int closeCode(InputStream in) throws IOException {
        DataInputStream frames = new DataInputStream(in);
        try {
            while (true) {
                Frame frame = readFrame(frames);
                if (frame.opcode() == Frame.CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (EOFException | SocketException ended) {
            return -1;
        }
    }

    /** A client's text frame, masked as RFC 6455 requires (with a zero mask, which leaves the bytes as they are). */
    static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length).put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        return Arrays.copyOf(frame.putInt(0).put(payload).array(), frame.position());
    }
}
