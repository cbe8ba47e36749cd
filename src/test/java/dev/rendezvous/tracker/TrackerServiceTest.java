package dev.rendezvous.tracker;

import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.tracker.wire.InboundParser;
import dev.rendezvous.tracker.wire.OutboundMessage;
import dev.rendezvous.tracker.wire.OutboundMessage.AnnounceResponse;
import dev.rendezvous.tracker.wire.OutboundMessage.ErrorResponse;
import dev.rendezvous.tracker.wire.OutboundMessage.ForwardedAnswer;
import dev.rendezvous.tracker.wire.OutboundMessage.ForwardedOffer;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerServiceTest {
    private static final String H = "h".repeat(20);
    private final CountingMetrics metrics = new CountingMetrics();
    private final InboundParser parser = new InboundParser();

    private TrackerService service(Map<String, String> config) {
        TrackerSettings settings = TrackerSettings.read(k -> Optional.ofNullable(config.get(k)));
        return new TrackerService(settings, new RoomRegistry(), metrics);
    }

    private static String peer(int n) {
        return String.format("-WW0300-%012d", n);
    }

    private static String announce(int peer, String extra) {
        return "{\"action\":\"announce\",\"info_hash\":\"" + H + "\",\"peer_id\":\"" + peer(peer) + "\"" + extra + "}";
    }

    private static String offers(int count) {
        StringBuilder s = new StringBuilder(",\"offers\":[");
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ",").append("{\"offer\":{\"type\":\"offer\",\"sdp\":\"o").append(i)
                    .append("\"},\"offer_id\":\"offer").append(i).append("\"}");
        }
        return s.append(']').toString();
    }

    private void send(TrackerService tracker, PeerSocket socket, String frame) {
        tracker.handle(socket, parser.parse(frame), System.nanoTime());
    }

    @Test
    void offersFanOutToDistinctOthersCappedByMaxOffersAfterTheAnnouncersResponse() {
        TrackerService tracker = service(Map.of("rendezvous.tracker.max-offers", "3"));
        RecordingSink[] sinks = new RecordingSink[6];
        PeerSocket[] sockets = new PeerSocket[6];
        for (int i = 0; i < 6; i++) {
            sinks[i] = new RecordingSink();
            sockets[i] = tracker.open(sinks[i], false, System.nanoTime());
            send(tracker, sockets[i], announce(i, ""));
        }
        send(tracker, sockets[0], announce(0, offers(1000)));

        assertInstanceOf(AnnounceResponse.class, sinks[0].sent.get(sinks[0].sent.size() - 1));
        int delivered = 0;
        for (int i = 1; i < 6; i++) {
            var got = sinks[i].sentOf(ForwardedOffer.class);
            assertTrue(got.size() <= 1, "one offer per peer");
            for (ForwardedOffer offer : got) {
                assertEquals(peer(0), offer.peerId());
                assertEquals(H, offer.infoHash());
                delivered++;
            }
        }
        assertEquals(3, delivered);
        assertEquals(3, metrics.offers);
        assertTrue(sinks[0].sentOf(ForwardedOffer.class).isEmpty(), "never to the announcer");
    }

    @Test
    void answersReachOnlyTheirTargetInTheSameRoom() {
        TrackerService tracker = service(Map.of());
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        PeerSocket sa = tracker.open(a, false, 0);
        PeerSocket sb = tracker.open(b, false, 0);
        send(tracker, sa, announce(1, ""));
        String answer = ",\"answer\":{\"type\":\"answer\",\"sdp\":\"x\"},\"offer_id\":\"oid\",\"to_peer_id\":\"";
        send(tracker, sb, announce(2, answer + peer(1) + "\""));
        ForwardedAnswer forwarded = a.sentOf(ForwardedAnswer.class).get(0);
        assertEquals(peer(2), forwarded.peerId());
        assertEquals("oid", forwarded.offerId());
        assertTrue(b.sent.isEmpty(), "the answerer gets no response");
        assertEquals(2, tracker.registry().room(H).size(), "an answer also joins/refreshes the answerer");

        send(tracker, sb, announce(2, answer + peer(99) + "\""));
        send(tracker, sb, announce(2, answer + peer(2) + "\""));
        String otherRoom = "{\"action\":\"announce\",\"info_hash\":\"" + "z".repeat(20) + "\",\"peer_id\":\"" + peer(2) + "\"" + answer + peer(1) + "\"}";
        send(tracker, sb, otherRoom);
        assertEquals(3, metrics.unrouted);
        assertEquals(1, a.sentOf(ForwardedAnswer.class).size());
    }

    @Test
    void stoppedLeavesWithCountsAfterLeavingAndForwardsNoOffers() {
        TrackerService tracker = service(Map.of());
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        PeerSocket sa = tracker.open(a, false, 0);
        PeerSocket sb = tracker.open(b, false, 0);
        send(tracker, sa, announce(1, ",\"left\":0"));
        send(tracker, sb, announce(2, ",\"left\":10"));
        send(tracker, sb, announce(2, ",\"event\":\"stopped\"" + offers(2)));
        AnnounceResponse last = (AnnounceResponse) b.sent.get(b.sent.size() - 1);
        assertEquals(1, last.complete());
        assertEquals(0, last.incomplete());
        assertTrue(a.sentOf(ForwardedOffer.class).isEmpty());
    }

    @Test
    void fullScrapeIsRefusedUnlessEnabled() {
        TrackerService closed = service(Map.of());
        RecordingSink sink = new RecordingSink();
        PeerSocket s = closed.open(sink, false, 0);
        send(closed, s, announce(1, ""));
        send(closed, s, "{\"action\":\"scrape\"}");
        ErrorResponse refused = (ErrorResponse) sink.sent.get(sink.sent.size() - 1);
        assertEquals("scrape without info_hash is disabled", refused.failureReason());
        assertEquals("scrape", refused.action());

        TrackerService open = service(Map.of("rendezvous.tracker.full-scrape", "true"));
        RecordingSink sink2 = new RecordingSink();
        PeerSocket s2 = open.open(sink2, false, 0);
        send(open, s2, announce(1, ""));
        send(open, s2, "{\"action\":\"scrape\"}");
        ScrapeResponse all = (ScrapeResponse) sink2.sent.get(sink2.sent.size() - 1);
        assertEquals(new OutboundMessage.ScrapeFile(0, 1, 0), all.files().get(H));
    }

    @Test
    void closingTheSocketCleansUpAndIsIdempotent() {
        TrackerService tracker = service(Map.of());
        PeerSocket s = tracker.open(new RecordingSink(), false, 0);
        send(tracker, s, announce(1, ""));
        tracker.close(s);
        tracker.close(s);
        assertEquals(0, tracker.sockets().size());
        assertEquals(0, tracker.registry().roomCount());
    }

    @Test
    void drainClosesEverySocketGoingAwayAndEmptiesTheRooms() {
        TrackerService tracker = service(Map.of());
        RecordingSink[] sinks = new RecordingSink[3];
        for (int i = 0; i < 3; i++) {
            sinks[i] = new RecordingSink();
            send(tracker, tracker.open(sinks[i], false, System.nanoTime()), announce(i, ""));
        }
        assertEquals(3, tracker.drain());
        assertTrue(tracker.draining());
        for (RecordingSink sink : sinks) {
            assertTrue(sink.closedGoingAway);
        }
        assertEquals(0, tracker.sockets().size());
        assertEquals(0, tracker.registry().peerCount());
        assertEquals(0, tracker.registry().roomCount());
    }
}
