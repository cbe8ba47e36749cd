package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code rendezvous.trusted-proxies} (127.0.0.2/32 on the IT server): the address a trusted proxy forwards replaces
 * the socket's, and the same header from anyone else is ignored. Seen through the IPv6 peer count of /stats.json,
 * for a client whose forwarded address is IPv6 while every socket here is IPv4.
 */
class TrustedProxiesIT {

    @Test
    void theForwardedAddressCountsOnlyFromATrustedProxy() throws Exception {
        int before = ipv6Peers();
        try (Socket spoofer = announceThrough("127.0.0.1", "X-Forwarded-For: 2001:db8::7")) {
            assertEquals(before, ipv6Peers(), "a header from an untrusted address is ignored");
            try (Socket proxied = announceThrough("127.0.0.2", "X-Forwarded-For: 192.0.2.1, 2001:db8::8");
                 Socket rfc7239 = announceThrough("127.0.0.2", "Forwarded: for=\"[2001:db8::9]:4711\"")) {
                assertEquals(before + 2, ipv6Peers(), "addresses forwarded by a trusted proxy are the clients'");
            }
        }
    }

    private static int ipv6Peers() {
        JsonObject stats = Json.createReader(new StringReader(Server.get("/stats.json").body())).readObject();
        return stats.getInt("peersIPv6");
    }

    /** A WebSocket from {@code local} with one extra handshake header; returns once its announce is answered. */
    private static Socket announceThrough(String local, String header) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", Server.HTTP_PORT), 5000);
        socket.setSoTimeout(5000);
        RawWebSocket.upgrade(socket, header);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        out.write(RawWebSocket.maskedText(announce(id("proxied"), id("proxied"), "")));
        DataInputStream frames = new DataInputStream(in);
        assertEquals(0x81, frames.readUnsignedByte(), "a text frame");
        int length = frames.readUnsignedByte();
        frames.readNBytes(length == 126 ? frames.readUnsignedShort() : length);
        return socket;
    }
}
