package dev.rendezvous.tracker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeerClientTest {
    @Test
    void azureusStylePrefixesNameTheClient() {
        assertEquals(new PeerClient("WebTorrent", "0.3.0.0"), PeerClient.of("-WW0300-abcdefghijkl"));
        assertEquals(new PeerClient("qBittorrent", "4.6.2.0"), PeerClient.of("-qB4620-abcdefghijkl"));
        assertEquals(new PeerClient("ZZ", "1.2.3.4"), PeerClient.of("-ZZ1234-abcdefghijkl"));
        assertEquals(PeerClient.UNKNOWN, PeerClient.of("\u0000\u00ff" + "x".repeat(18)));
        assertEquals(PeerClient.UNKNOWN, PeerClient.of("-\u00ffW0300-abcdefghijkl"));
    }
}
