package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which relayed addresses a send from this machine reaches at once: its own, not a wildcard or another's. */
class LocalAddressesTest {
    private final LocalAddresses local = new LocalAddresses();

    @Test
    void loopbackAddressesAreThisMachines() throws Exception {
        assertTrue(local.contains(InetAddress.getByName("127.0.0.1")));
        assertTrue(local.contains(InetAddress.getByName("::1")));
    }

    @Test
    void anAddressOfAnInterfaceThatIsUpIsThisMachines() throws Exception {
        InetAddress own = null;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback() && nic.getInetAddresses().hasMoreElements()) {
                own = nic.getInetAddresses().nextElement();
                break;
            }
        }
        assumeTrue(own != null, "this machine has an interface besides loopback");
        assertTrue(local.contains(own), own + " is on an interface of this machine");
    }

    @Test
    void theWildcardAndAnotherMachinesAddressAreNot() throws Exception {
        assertFalse(local.contains(InetAddress.getByName("0.0.0.0")));
        assertFalse(local.contains(InetAddress.getByName("192.0.2.1")), "TEST-NET-1, an address behind NAT say");
        assertFalse(local.contains(InetAddress.getByName("2001:db8::1")));
    }
}
