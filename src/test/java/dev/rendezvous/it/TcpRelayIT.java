package dev.rendezvous.it;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.turn.StreamTurnClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static dev.rendezvous.turn.StunTestClient.TCP;
import static dev.rendezvous.turn.StunTestClient.connectionId;
import static dev.rendezvous.turn.StunTestClient.peer;
import static dev.rendezvous.turn.StunTestClient.transport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6062 TCP relaying on the running server (the protocol's corners are in TcpRelayTest; coturn's client in CoturnClientsIT). */
class TcpRelayIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void connectAndConnectionBindRelayBytesAndTheMetricsCountThem() throws Exception {
        double toPeer = Server.metric("rendezvous_turn_relayed_bytes_total", "direction=\"to_peer\"");
        double toClient = Server.metric("rendezvous_turn_relayed_bytes_total", "direction=\"to_client\"");
        try (ServerSocket peers = new ServerSocket(0, 5, LOOPBACK);
             StreamTurnClient control = new StreamTurnClient(TurnClient.SERVER)) {
            peers.setSoTimeout(5000);
            StreamTurnClient.Reply allocated = control.authenticated(MessageType.ALLOCATE, "it-user", "it-password", transport(TCP));
            assertTrue(allocated.success(), "TCP Allocate: " + allocated.errorCode());
            StreamTurnClient.Reply connected = control.request(MessageType.CONNECT,
                    peer((InetSocketAddress) peers.getLocalSocketAddress()));
            assertTrue(connected.success(), "Connect: " + connected.errorCode());
            try (Socket peerSide = peers.accept(); StreamTurnClient data = new StreamTurnClient(TurnClient.SERVER)) {
                assertEquals(allocated.address(AttributeType.XOR_RELAYED_ADDRESS).getPort(), peerSide.getPort());
                assertTrue(data.authenticated(MessageType.CONNECTION_BIND, "it-user", "it-password",
                        connectionId(connected.connectionId())).success());
                data.socket().getOutputStream().write("ping".getBytes());
                assertArrayEquals("ping".getBytes(), peerSide.getInputStream().readNBytes(4));
                peerSide.getOutputStream().write("pong!".getBytes());
                assertArrayEquals("pong!".getBytes(), data.socket().getInputStream().readNBytes(5));
            }
        }
        assertEquals(toPeer + 4, Server.metric("rendezvous_turn_relayed_bytes_total", "direction=\"to_peer\""));
        assertEquals(toClient + 5, Server.metric("rendezvous_turn_relayed_bytes_total", "direction=\"to_client\""));
    }
}
