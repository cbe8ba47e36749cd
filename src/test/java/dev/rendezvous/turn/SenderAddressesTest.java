package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Sender addresses decoded from Linux sockaddrs as recvfrom writes them, and made once per sender. */
class SenderAddressesTest {
    private final SenderAddresses senders = new SenderAddresses();

    @Test
    void anIpv4SenderIsDecodedAsTheJdkWouldAndMadeOnce() throws Exception {
        InetSocketAddress first = senders.of(sockaddrIn(new byte[]{(byte) 192, 0, 2, 7}, 50_123));
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 50_123), first);
        assertInstanceOf(Inet4Address.class, first.getAddress());
        assertSame(first, senders.of(sockaddrIn(new byte[]{(byte) 192, 0, 2, 7}, 50_123)), "the same instance again");
    }

    @Test
    void anIpv6SenderKeepsItsScopeAndAMappedIpv4OneBecomesIpv4() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        InetSocketAddress scoped = senders.of(sockaddrIn6(linkLocal, 3478, 2));
        assertEquals(new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 2), 3478), scoped);
        assertEquals(2, ((Inet6Address) scoped.getAddress()).getScopeId());
        assertSame(scoped, senders.of(sockaddrIn6(linkLocal, 3478, 2)));
        assertEquals(new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 3), 3478),
                senders.of(sockaddrIn6(linkLocal, 3478, 3)), "another scope, another sender");

        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 198, 51, 100, 9};
        InetSocketAddress fromMapped = senders.of(sockaddrIn6(mapped, 443, 0));
        assertEquals(new InetSocketAddress(InetAddress.getByName("198.51.100.9"), 443), fromMapped);
        assertInstanceOf(Inet4Address.class, fromMapped.getAddress());
    }

    /** More senders than the table has slots: each still decodes to itself (a displaced one is made anew). */
    @Test
    void sendersBeyondTheTablesSizeAreStillEachThemselves() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 200_000; i++) {
                byte[] address = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
                int port = 1024 + i % 50_000;
                assertEquals(new InetSocketAddress(InetAddress.getByAddress(address), port), senders.of(sockaddrIn(address, port)));
            }
        }
        byte[] v6 = InetAddress.getByName("2001:db8::").getAddress();
        for (int i = 0; i < 40_000; i++) {
            v6[14] = (byte) (i >> 8);
            v6[15] = (byte) i;
            assertEquals(new InetSocketAddress(InetAddress.getByAddress(v6), 5000 + i % 7), senders.of(sockaddrIn6(v6, 5000 + i % 7, 0)));
        }
    }

    @Test
    void anotherFamilyHasNoAddress() {
        ByteBuffer unix = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder()).putShort(0, (short) 1);
        assertNull(senders.of(unix));
    }

    /** struct sockaddr_in: family in the machine's order, port in the network's, the address. */
    static ByteBuffer sockaddrIn(byte[] address, int port) {
        ByteBuffer sockaddr = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
        sockaddr.putShort(0, (short) 2).put(2, (byte) (port >> 8)).put(3, (byte) port);
        return sockaddr.put(4, address);
    }

    /** struct sockaddr_in6: family, port, flow information, the address at 8, the scope at 24. */
    static ByteBuffer sockaddrIn6(byte[] address, int port, int scope) {
        ByteBuffer sockaddr = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
        sockaddr.putShort(0, (short) 10).put(2, (byte) (port >> 8)).put(3, (byte) port).putInt(4, 0x12345);
        return sockaddr.put(8, address).putInt(24, scope);
    }
}
