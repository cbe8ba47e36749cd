package dev.rendezvous.turn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerAddressPolicyTest {
    private static final PeerAddressPolicy DEFAULTS = new PeerAddressPolicy(false, false, List.of(), List.of(), List.of());

    private static InetSocketAddress peer(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.0.0.0, RESERVED", "0.1.2.3, RESERVED",
            "127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK",
            "10.1.2.3, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
            "100.64.0.1, PRIVATE", "100.127.255.255, PRIVATE",
            "169.254.169.254, LINK_LOCAL",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST",
            "240.0.0.1, RESERVED", "255.255.255.255, RESERVED",
            "::, RESERVED", "::1, LOOPBACK", "fe80::1, LINK_LOCAL", "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE",
            "ff02::1, MULTICAST",
            // IPv6 forms that embed a denied IPv4 address
            "::ffff:127.0.0.1, LOOPBACK", "::ffff:169.254.169.254, LINK_LOCAL", "::ffff:10.0.0.1, PRIVATE",
            "::127.0.0.1, LOOPBACK", "::10.0.0.1, PRIVATE",
            "64:ff9b::7f00:1, LOOPBACK", "64:ff9b::a9fe:a9fe, LINK_LOCAL",
            "2002:7f00:1::, LOOPBACK", "2002:a9fe:a9fe::1, LINK_LOCAL",
            "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",     // Teredo, client 127.0.0.1 (inverted bits)
            "2001:0:7f00:1:8000:63bf:3fff:fdd2, LOOPBACK"})       // Teredo, server 127.0.0.1
    void insideAddressesAreDeniedByDefault(String address, PeerAddressPolicy.Denial reason) throws Exception {
        assertEquals(reason, DEFAULTS.check(peer(address, 4000)));
    }

    @ParameterizedTest
    @CsvSource({"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "64:ff9b::808:808",
            "2002:808:808::1", "::ffff:8.8.8.8", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertNull(DEFAULTS.check(peer(address, 4000)));
    }

    @Test
    void switchesAndListsOpenOrCloseRanges() throws Exception {
        PeerAddressPolicy dev = new PeerAddressPolicy(true, true, List.of(), List.of(Cidr.of("8.8.8.0/24")), List.of());
        assertNull(dev.check(peer("127.0.0.1", 3480)));
        assertNull(dev.check(peer("::ffff:127.0.0.1", 3480)));
        assertNull(dev.check(peer("10.0.0.1", 3480)));
        assertEquals(PeerAddressPolicy.Denial.LINK_LOCAL, dev.check(peer("169.254.169.254", 80)), "metadata stays closed");
        assertEquals(PeerAddressPolicy.Denial.CONFIGURED, dev.check(peer("8.8.8.8", 53)));

        PeerAddressPolicy allowList = new PeerAddressPolicy(false, false, List.of(Cidr.of("127.0.0.1/32")), List.of(), List.of());
        assertNull(allowList.check(peer("127.0.0.1", 3480)));
        assertNull(allowList.check(peer("::ffff:127.0.0.1", 3480)));
        assertEquals(PeerAddressPolicy.Denial.LOOPBACK, allowList.check(peer("127.0.0.2", 3480)));

        PeerAddressPolicy deniedWins = new PeerAddressPolicy(true, false, List.of(Cidr.of("127.0.0.0/8")),
                List.of(Cidr.of("127.0.0.5/32")), List.of());
        assertEquals(PeerAddressPolicy.Denial.CONFIGURED, deniedWins.check(peer("127.0.0.5", 1)));
    }

    @Test
    void theServersOwnListenersAreNeverPeers() throws Exception {
        PeerAddressPolicy policy = new PeerAddressPolicy(true, false, List.of(), List.of(),
                List.of(peer("127.0.0.1", 3478), peer("0.0.0.0", 5349)));
        assertEquals(PeerAddressPolicy.Denial.OWN_ADDRESS, policy.check(peer("127.0.0.1", 3478)));
        assertEquals(PeerAddressPolicy.Denial.OWN_ADDRESS, policy.check(peer("::ffff:127.0.0.1", 3478)));
        assertEquals(PeerAddressPolicy.Denial.OWN_ADDRESS, policy.check(peer("8.8.8.8", 5349)), "a wildcard listener is every address");
        assertNull(policy.check(peer("127.0.0.1", 49200)), "other allocations' relay addresses stay reachable");
    }

    @Test
    void cidrParsing() {
        assertTrue(Cidr.parse("10.0.0.0/8").isPresent());
        assertTrue(Cidr.parse("::1").isPresent());
        assertTrue(Cidr.parse("[fe80::]/10").isPresent());
        assertTrue(Cidr.parse("example.com/8").isEmpty(), "no DNS");
        assertTrue(Cidr.parse("10.0.0.0/33").isEmpty());
        assertTrue(Cidr.parse("10.0.0.0/x").isEmpty());
        assertTrue(Cidr.parse("").isEmpty());
        assertTrue(Cidr.of("10.0.0.0/8").contains(new byte[]{10, 9, 9, 9}));
        assertTrue(!Cidr.of("10.0.0.0/8").contains(new byte[16]));
    }
}
