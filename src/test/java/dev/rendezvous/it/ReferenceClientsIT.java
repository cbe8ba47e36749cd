package dev.rendezvous.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unmodified npm bittorrent-tracker Clients (the reference client) meet through Rendezvous. */
class ReferenceClientsIT {

    @Test
    void twoBittorrentTrackerClientsExchangeOfferAndAnswer() throws Exception {
        double offers = Server.metric("rendezvous_tracker_offers_forwarded_total");
        double answers = Server.metric("rendezvous_tracker_answers_forwarded_total");
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs", Server.WS + "/announce");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"met\":true"), result.output());
        assertTrue(Server.metric("rendezvous_tracker_offers_forwarded_total") > offers);
        assertTrue(Server.metric("rendezvous_tracker_answers_forwarded_total") > answers);
    }

    @Test
    void clientsConfiguredWithoutAPathMeetAtTheRoot() throws Exception {
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs", Server.WS + "/");
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void nodePeersWithRealLibwebrtcTalkThroughTheTrackerAndTheTurnRelay() throws Exception {
        double allocations = Server.metric("rendezvous_turn_allocations_created_total");
        NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(60), "wrtc-meet.mjs", Server.HTTP);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\"received\":{\"b\":\"hello from a\",\"a\":\"hello from b\"}")
                || result.output().contains("\"received\":{\"a\":\"hello from b\",\"b\":\"hello from a\"}"), result.output());
        assertTrue(result.output().contains("\"paths\":{") && !result.output().contains("\"local\":\"host\""), result.output());
        assertTrue(Server.metric("rendezvous_turn_allocations_created_total") >= allocations + 2, "relayed through our TURN");
    }
}
