package dev.rendezvous.tracker.http;

import dev.rendezvous.tracker.wire.BinaryString;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A BEP 48 scrape's {@code info_hash} parameters, read from the raw query string: each exactly 20 bytes, at most
 * {@link #MAX_INFO_HASHES} of them (as opentracker allows), repeats answered once. None at all asks for every swarm,
 * which the tracker core refuses unless the operator allows full scrapes. Other parameters are ignored.
 *
 * @param infoHashes binary strings, in the order asked, without repeats
 */
public record ScrapeQuery(List<String> infoHashes) {
    public static final int MAX_INFO_HASHES = 64;

    public ScrapeQuery {
        infoHashes = List.copyOf(infoHashes);
    }

    static Checked<ScrapeQuery> parse(String raw) {
        if (raw != null && raw.length() > QueryString.MAX_LENGTH) {
            return Checked.refused(HttpRefusal.QUERY_TOO_LONG);
        }
        List<QueryString.Parameter> parameters = QueryString.parse(raw);
        if (parameters == null) {
            return Checked.refused(HttpRefusal.MALFORMED_QUERY);
        }
        Set<String> hashes = new LinkedHashSet<>();
        int asked = 0;
        for (QueryString.Parameter p : parameters) {
            if (p.name().equals("info_hash")) {
                if (p.value().length() != BinaryString.ID_LENGTH) {
                    return Checked.refused(HttpRefusal.INVALID_INFO_HASH);
                }
                if (++asked > MAX_INFO_HASHES) {
                    return Checked.refused(HttpRefusal.TOO_MANY_INFO_HASHES);
                }
                hashes.add(p.value());
            }
        }
        return Checked.ok(new ScrapeQuery(List.copyOf(hashes)));
    }
}
