package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client sockets need Linux 6.13 or later (the UDP 4-tuple hash): how {@code os.version} is read. */
class UdpClientSocketKernelTest {

    @Test
    void kernelsFrom613OnGetClientSockets() {
        assertTrue(UdpClientSocket.kernelAtLeast("6.13.0", 6, 13));
        assertTrue(UdpClientSocket.kernelAtLeast("6.18.44-fc-v1252", 6, 13));
        assertTrue(UdpClientSocket.kernelAtLeast("7.0.1", 6, 13));
        assertFalse(UdpClientSocket.kernelAtLeast("6.12.9-amd64", 6, 13));
        assertFalse(UdpClientSocket.kernelAtLeast("6.1.0-28-cloud-amd64", 6, 13), "Debian 12");
        assertFalse(UdpClientSocket.kernelAtLeast("5.15.0-126-generic", 6, 13), "Ubuntu 22.04");
        assertFalse(UdpClientSocket.kernelAtLeast("", 6, 13));
        assertFalse(UdpClientSocket.kernelAtLeast("unknown", 6, 13));
    }
}
