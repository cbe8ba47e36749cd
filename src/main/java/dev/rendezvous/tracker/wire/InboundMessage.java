package dev.rendezvous.tracker.wire;

import java.util.List;

/** A decoded client frame. Bad frames decode to {@link Invalid} rather than throwing: errors are values. */
public sealed interface InboundMessage {

    /** Marker for {@code left} when the client did not say (absent or null: magnet link before metadata). */
    long LEFT_UNKNOWN = -1;

    /** {@code action: announce} without {@code answer}: join or refresh a room, maybe with offers. */
    record Announce(String infoHash, String peerId, Event event, long left, List<Offer> offers)
            implements InboundMessage {
        public boolean seeder() {
            return left == 0 || event == Event.COMPLETED;
        }
    }

    /** {@code action: announce} with {@code answer}: relay an SDP answer to {@code toPeerId}. */
    record Answer(String infoHash, String peerId, String toPeerId, String offerId, RawJson answer)
            implements InboundMessage {
    }

    /** {@code action: scrape} for the listed rooms, or for every room when {@code info_hash} was absent. */
    record Scrape(List<String> infoHashes, boolean allRooms) implements InboundMessage {
    }

    /** A frame that cannot be served; {@code action} and {@code infoHash} are echoed when they were readable. */
    record Invalid(FailureReason reason, String action, String infoHash) implements InboundMessage {
        public static Invalid of(FailureReason reason) {
            return new Invalid(reason, null, null);
        }
    }
}
