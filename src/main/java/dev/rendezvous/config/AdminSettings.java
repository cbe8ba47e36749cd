package dev.rendezvous.config;

import java.util.List;

/**
 * The operator's API and console. Off unless at least one token is set; never logged.
 *
 * @param tokens                 the bearer tokens that open {@code /admin} ({@code rendezvous.admin.token}, a comma
 *                               list, so that one can be rotated while the other still works)
 * @param maxFailuresPerMinute   failed logins one client address may make per minute before it gets 429
 * @param maxSubscribers         event streams open at once on this node
 * @param eventQueue             events held for one slow subscriber before it loses some (and is told)
 * @param requestTimeoutMillis   how long a cluster-wide read or action waits for the other nodes
 */
public record AdminSettings(List<String> tokens, int maxFailuresPerMinute, int maxSubscribers, int eventQueue,
                            int requestTimeoutMillis) {
    public static final String PREFIX = "rendezvous.admin.";
    /** The one admin key a reload applies (when admin was on at start-up; see {@link SettingsReload}). */
    public static final String TOKEN = PREFIX + "token";
    /** The most items one page of a list may hold. */
    public static final int MAX_PAGE = 1000;

    public static AdminSettings read(ConfigSource source) {
        ConfigReader config = new ConfigReader(source);
        List<String> tokens = config.list(TOKEN);
        for (String token : tokens) {
            if (token.length() < 16) {
                // the value itself is never printed
                throw new InvalidConfigurationException(TOKEN, "each token must be at least 16 characters");
            }
        }
        return new AdminSettings(tokens,
                config.integer(PREFIX + "max-failures-per-minute", 10, 1, 100_000),
                config.integer(PREFIX + "events.max-subscribers", 8, 1, 1000),
                config.integer(PREFIX + "events.queue", 1000, 10, 1_000_000),
                config.integer(PREFIX + "request-timeout-millis", 2000, 100, 60_000));
    }

    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /** Without the tokens: what may be printed. */
    @Override
    public String toString() {
        return "AdminSettings[" + tokens.size() + " token(s), maxFailuresPerMinute=" + maxFailuresPerMinute
                + ", maxSubscribers=" + maxSubscribers + ", eventQueue=" + eventQueue + "]";
    }
}
