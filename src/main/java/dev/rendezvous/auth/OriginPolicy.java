package dev.rendezvous.auth;

import dev.rendezvous.config.InvalidConfigurationException;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which browser origins may use the server. Entries are exact origins ({@code https://app.example.com:8443},
 * compared case-insensitively, port included) or wildcards ({@code https://*.example.com}: any subdomain,
 * not the bare domain). An empty list admits every origin. A request without an Origin header (desktop,
 * CLI and Node clients send none) passes unless {@code requireOrigin} is set.
 */
public final class OriginPolicy {
    private static final Pattern ENTRY =
            Pattern.compile("([a-z][a-z0-9+.-]*)://(\\*\\.)?([a-z0-9.\\-\\[\\]:]+?)(?::(\\d{1,5}))?");

    private final List<Rule> rules;
    private final boolean requireOrigin;

    public OriginPolicy(List<String> entries, boolean requireOrigin) {
        this.rules = validEntries("allowed origins", entries).stream().map(OriginPolicy::parse).toList();
        this.requireOrigin = requireOrigin;
    }

    /** Checks every entry's form, failing with a message that names the configuration key. */
    public static List<String> validEntries(String key, List<String> entries) {
        for (String entry : entries) {
            if (!ENTRY.matcher(entry.toLowerCase(Locale.ROOT)).matches()) {
                throw new InvalidConfigurationException(key, "'" + entry
                        + "' is not an origin like https://app.example.com or https://*.example.com");
            }
        }
        return List.copyOf(entries);
    }

    /** @param origin the Origin header's value, or null when the request had none */
    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) {
            return !requireOrigin;
        }
        if (rules.isEmpty()) {
            return true;
        }
        Matcher m = ENTRY.matcher(origin.toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(2) != null) {
            return false;
        }
        Rule candidate = new Rule(m.group(1), false, m.group(3), m.group(4));
        for (Rule rule : rules) {
            if (rule.admits(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static Rule parse(String entry) {
        Matcher m = ENTRY.matcher(entry.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalStateException("entries are validated first");
        }
        return new Rule(m.group(1), m.group(2) != null, m.group(3), m.group(4));
    }

    private record Rule(String scheme, boolean anySubdomain, String host, String port) {
        boolean admits(Rule origin) {
            if (!scheme.equals(origin.scheme) || !java.util.Objects.equals(port, origin.port)) {
                return false;
            }
            return anySubdomain
                    ? origin.host.length() > host.length() + 1 && origin.host.endsWith("." + host)
                    : host.equals(origin.host);
        }
    }
}
