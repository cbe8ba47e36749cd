package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressTextTest {

    @ParameterizedTest(name = "{0} port {1} -> {2}")
    @CsvSource({
            "127.0.0.1, 13478, 127.0.0.1:13478",
            "0.0.0.0, 3478, 0.0.0.0:3478",
            "::1, 3478, '[::1]:3478'",
            "::, 5349, '[::]:5349'",
            "0:0:0:0:0:0:0:1, 3478, '[::1]:3478'",
            "2001:DB8:0:0:0:0:0:1, 3478, '[2001:db8::1]:3478'"})
    void socketAddressesAreWrittenAsOperatorsWriteThem(String host, int port, String expected) throws Exception {
        assertEquals(expected, AddressText.hostPort(new InetSocketAddress(InetAddress.getByName(host), port)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",   // RFC 5952 4.2.3: the first of two equal runs
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // 4.2.2: one zero group is not shortened
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",          // 4.2.3: the longest run
            "fe80:0:0:0:0:0:0:0, fe80::",
            "0:0:0:0:0:0:0:0, ::",
            "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
            "192.168.0.1, 192.168.0.1"})
    void ipv6IsShortenedAsRfc5952Says(String address, String expected) throws Exception {
        assertEquals(expected, AddressText.host(InetAddress.getByName(address)));
    }

    @Test
    void anUnresolvedAddressKeepsItsName() {
        assertEquals("turn.example.com:3478", AddressText.hostPort(InetSocketAddress.createUnresolved("turn.example.com", 3478)));
    }

    @Test
    void aScopedAddressKeepsItsScope() throws Exception {
        assertEquals("[fe80::1%3]:3478",
                AddressText.hostPort(new InetSocketAddress(InetAddress.getByName("fe80::1%3"), 3478)));
    }
}
