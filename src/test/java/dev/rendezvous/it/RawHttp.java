package dev.rendezvous.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 GETs written byte for byte over a socket, as BitTorrent clients send them: the request target goes out as
 * given, broken escapes and all (java.net.URI would refuse to build some of what the tests must send), optionally
 * from another loopback address (127.0.0.2 is a trusted proxy on the IT server) with extra header lines.
 */
final class RawHttp {
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** The status of a "response" that is a closed connection without a byte. */
    static final int CLOSED = -1;

    private RawHttp() {
    }

    static Response get(String target, String... headerLines) {
        return get("127.0.0.1", Server.HTTP_PORT, target, headerLines);
    }

    /** GET {@code target} from {@code localAddress} (a loopback address) with {@code headerLines} ("Name: value"). */
    static Response getFrom(String localAddress, String target, String... headerLines) {
        return get(localAddress, Server.HTTP_PORT, target, headerLines);
    }

    static Response get(String localAddress, int port, String target, String... headerLines) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("User-Agent: RawHttp/1.0\r\n")
                    .append("Connection: close\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered (and closed) before reading all of an oversized request: read that answer
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + abbreviated(target) + " failed", e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all); // Connection: close, so the body ends where the stream does
        byte[] bytes = all.toByteArray();
        int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headEnd < 0 && bytes.length == 0) {
            return new Response(CLOSED, Map.of(), bytes);
        }
        if (headEnd < 0) {
            throw new IOException("no complete response head: " + new String(bytes, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(Arrays.copyOfRange(chunked, at, chunked.length), "\r\n".getBytes(StandardCharsets.US_ASCII)) + at;
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String abbreviated(String target) {
        return target.length() > 200 ? target.substring(0, 200) + "..." : target;
    }
}
