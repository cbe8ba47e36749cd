package dev.rendezvous.tracker;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.wire.BinaryString;
import dev.rendezvous.tracker.wire.InboundParser;
import dev.rendezvous.tracker.wire.OutboundMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the operator reads of the tracker (peer details, offer counts, joins and leaves) and does to it (kick, ban). */
class OperatorViewTest {
    private static final String H = "h".repeat(20);
    private final InboundParser parser = new InboundParser();
    private final BanList bans = new BanList();
    private final RoomRegistry registry = new RoomRegistry();
    private final TrackerService tracker = new TrackerService(TrackerSettings.read(k -> Optional.empty()), registry,
            new CountingMetrics(), ClusterView.SINGLE_NODE, bans);

    private static String peer(int n) {
        return String.format("-WW0300-%012d", n);
    }

    private void announce(PeerSocket socket, int peer, int offers) {
        StringBuilder s = new StringBuilder(",\"offers\":[");
        for (int i = 0; i < offers; i++) {
            s.append(i == 0 ? "" : ",").append("{\"offer\":{\"type\":\"offer\",\"sdp\":\"o\"},\"offer_id\":\"offer").append(i).append("\"}");
        }
        tracker.handle(socket, parser.parse("{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + peer(peer)
                + "\"" + s.append(']') + "}"), System.nanoTime());
    }

    @Test
    void eachPeerShowsItsHandshakeAndTheOffersItSentAndReceived() {
        PeerSocket[] sockets = new PeerSocket[4];
        for (int i = 0; i < 4; i++) {
            sockets[i] = tracker.open(new RecordingSink(), false,
                    new Handshake("192.0.2." + i, "https://o.example", "agent " + i, 1000), System.nanoTime());
            announce(sockets[i], i, 0);
        }
        announce(sockets[0], 0, 3);
        announce(sockets[1], 1, 2);
        List<PeerDetails> details = registry.room(H).details();
        long sent = 0;
        long received = 0;
        for (PeerDetails peer : details) {
            sent += peer.offersSent();
            received += peer.offersReceived();
            int n = Integer.parseInt(peer.peerId().substring(8));
            assertEquals("192.0.2." + n, peer.handshake().address());
            assertEquals("agent " + n, peer.handshake().userAgent());
        }
        assertEquals(5, sent);
        assertEquals(5, received, "every offer sent was received by someone");
        assertEquals(3, registry.room(H).details(peer(0)).offersSent());
    }

    @Test
    void aKickedPeerLeavesEveryRoomAndItsSocketIsClosedWithTheKickCode() {
        RecordingSink sink = new RecordingSink();
        PeerSocket socket = tracker.open(sink, false, System.nanoTime());
        announce(socket, 7, 0);
        assertEquals(peer(7), tracker.kick(H, peer(7)).peerId());
        assertTrue(sink.closedKicked);
        assertNull(registry.room(H), "the room emptied");
        assertNull(tracker.kick(H, peer(7)), "kicked already");
        assertEquals(4001, OutboundSink.KICKED);
    }

    @Test
    void joinsAndLeavesAreWatchedButReannouncesAreNot() {
        List<String> seen = new ArrayList<>();
        registry.watch(new RoomWatcher() {
            @Override
            public void joined(String infoHash, String peerId) {
                seen.add("+" + peerId);
            }

            @Override
            public void left(String infoHash, String peerId) {
                seen.add("-" + peerId);
            }
        });
        PeerSocket socket = tracker.open(new RecordingSink(), false, System.nanoTime());
        announce(socket, 1, 0);
        announce(socket, 1, 0);
        tracker.close(socket);
        assertEquals(List.of("+" + peer(1), "-" + peer(1)), seen);
    }

    @Test
    void aBannedPeerIdGetsAFailureAndJoinsNothing() {
        bans.add(new BanList.Ban("0000000000000001", BinaryString.toHex(peer(3)), "", 0, Long.MAX_VALUE));
        RecordingSink sink = new RecordingSink();
        announce(tracker.open(sink, false, System.nanoTime()), 3, 0);
        assertEquals("peer_id banned by the operator", sink.sentOf(OutboundMessage.ErrorResponse.class).get(0).failureReason());
        assertNull(registry.room(H));
        assertTrue(tracker.banned("127.0.0.1") == false);
    }
}
