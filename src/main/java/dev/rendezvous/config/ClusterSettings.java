package dev.rendezvous.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cluster mode's configuration. No {@code redis-uri} means a single node, and nothing else here is read.
 *
 * @param redisUri            the engine, as Lettuce reads it: {@code redis://}, {@code rediss://} (TLS) or
 *                            {@code redis-sentinel://...#master}; one host of a Redis Cluster, or several
 *                            ({@code redis://h1:7000,h2:7000}), selects the cluster; a password in it is never logged
 * @param nodeTimeout         seconds of silence after which a node counts as dead and its peers are removed
 * @param nodeId              this node's name in the shared state; unique per start unless set
 * @param keyPrefix           prefix of every Redis key and channel, so several clusters can share one Redis
 * @param commandTimeoutMillis how long an announce may wait for the engine before it is answered from this node
 */
public record ClusterSettings(Optional<String> redisUri, int nodeTimeout, String nodeId, String keyPrefix,
                              int commandTimeoutMillis) {
    public static final String PREFIX = "rendezvous.cluster.";

    public static ClusterSettings read(ConfigSource source) {
        ConfigReader config = new ConfigReader(source);
        Optional<String> uri = source.get(PREFIX + "redis-uri").map(String::trim).filter(s -> !s.isEmpty());
        uri.ifPresent(ClusterSettings::checkUri);
        String nodeId = source.get(PREFIX + "node-id").map(String::trim).filter(s -> !s.isEmpty())
                .orElseGet(ClusterSettings::randomNodeId);
        if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidConfigurationException(PREFIX + "node-id",
                    "'" + nodeId + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String keyPrefix = source.get(PREFIX + "key-prefix").orElse("rendezvous:");
        if (!keyPrefix.matches("[A-Za-z0-9:._-]{0,64}")) {
            throw new InvalidConfigurationException(PREFIX + "key-prefix",
                    "'" + keyPrefix + "' must be up to 64 letters, digits, ':', '.', '_' or '-'");
        }
        return new ClusterSettings(uri, config.integer(PREFIX + "node-timeout", 10, 2, 3600), nodeId, keyPrefix,
                config.integer(PREFIX + "command-timeout-millis", 1000, 10, 60_000));
    }

    public boolean enabled() {
        return redisUri.isPresent();
    }

    /** The URI with any password masked, for logs and the banner. */
    public String redisUriForLogs() {
        return redisUri.map(raw -> raw.replaceFirst("//[^@/]*@", "//***@")).orElse("");
    }

    private static void checkUri(String raw) {
        String scheme;
        try {
            scheme = Optional.ofNullable(new URI(raw).getScheme()).orElse("").toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(PREFIX + "redis-uri", "it is not a URI: " + e.getReason());
        }
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")) {
            throw new InvalidConfigurationException(PREFIX + "redis-uri",
                    "the scheme must be redis, rediss or redis-sentinel, like redis://127.0.0.1:6379");
        }
    }

    private static String randomNodeId() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> h.matches("[A-Za-z0-9._-]{1,40}"))
                .orElse("node");
        return host + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
    }
}
