package dev.rendezvous.tracker.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScrapeQueryTest {
    private static final String A = "a".repeat(20);
    private static final String B = "%FF".repeat(20);

    @Test
    void oneOrManyInfoHashesInOrderRepeatsOnce() {
        Checked<ScrapeQuery> checked = ScrapeQuery.parse("info_hash=" + A + "&info_hash=" + B + "&info_hash=" + A + "&other=1");
        assertEquals(List.of(A, "\u00ff".repeat(20)), checked.value().infoHashes());
    }

    @Test
    void noInfoHashAsksForEverySwarmWhichTheCoreDecides() {
        assertEquals(List.of(), ScrapeQuery.parse(null).value().infoHashes());
    }

    @Test
    void upToSixtyFourHashesAndNotOneMore() {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < ScrapeQuery.MAX_INFO_HASHES; i++) {
            query.append("&info_hash=").append(String.format("%020d", i));
        }
        assertEquals(64, ScrapeQuery.parse(query.toString()).value().infoHashes().size());
        assertEquals(HttpRefusal.TOO_MANY_INFO_HASHES, ScrapeQuery.parse(query + "&info_hash=" + A).refusal());
    }

    @Test
    void badInput() {
        assertEquals(HttpRefusal.INVALID_INFO_HASH, ScrapeQuery.parse("info_hash=" + A + "&info_hash=short").refusal());
        assertEquals(HttpRefusal.INVALID_INFO_HASH, ScrapeQuery.parse("info_hash=").refusal());
        assertEquals(HttpRefusal.INVALID_INFO_HASH, ScrapeQuery.parse("info_hash=" + A + "x").refusal());
        assertEquals(HttpRefusal.MALFORMED_QUERY, ScrapeQuery.parse("info_hash=%2").refusal());
        assertEquals(HttpRefusal.QUERY_TOO_LONG, ScrapeQuery.parse("x".repeat(QueryString.MAX_LENGTH + 1)).refusal());
    }

    @Test
    void sixtyFourFullyEscapedHashesFitTheLengthLimit() {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < ScrapeQuery.MAX_INFO_HASHES; i++) {
            query.append(i == 0 ? "" : "&").append("info_hash=").append("%AB".repeat(19)).append(String.format("%%%02X", i));
        }
        assertEquals(64, ScrapeQuery.parse(query.toString()).value().infoHashes().size());
    }
}
