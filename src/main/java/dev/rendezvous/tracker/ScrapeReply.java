package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.FailureReason;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;

import java.util.Map;

/**
 * The answer to an HTTP or UDP scrape: each swarm's counts, in the order asked, or a failure.
 *
 * @param files   info_hash (binary string) to its counts
 * @param failure null for a normal reply
 */
public record ScrapeReply(Map<String, ScrapeFile> files, FailureReason failure) {

    public static ScrapeReply failed(FailureReason reason) {
        return new ScrapeReply(Map.of(), reason);
    }
}
