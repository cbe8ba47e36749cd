package dev.rendezvous.config;

/**
 * The ICE credentials endpoint's configuration.
 *
 * @param publicHost        the host name or address put in the STUN/TURN URIs; empty: the Host the request came to
 * @param requestsPerMinute credential requests one client address may make per minute
 * @param enabled           whether {@code /ice-servers} answers (an application that embeds Rendezvous may leave it
 *                          out; it then answers 404)
 */
public record IceSettings(String publicHost, int requestsPerMinute, boolean enabled) {
    /** A host name, or an IP address (IPv6 in brackets), as URIs carry it. */
    public static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+]");

    public static IceSettings read(ConfigSource source) {
        ConfigReader config = new ConfigReader(source);
        String configured = source.get("rendezvous.public-host").map(String::trim).orElse("");
        String host = configured;
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 address, bracketed as URIs need it
        }
        if (!host.isEmpty() && !HOST.matcher(host).matches()) {
            throw new InvalidConfigurationException("rendezvous.public-host",
                    "'" + configured + "' is not a host name or an IP address (no scheme, no port)");
        }
        return new IceSettings(host, config.integer("rendezvous.ice-servers.requests-per-minute", 30, 1, 100_000),
                config.bool("rendezvous.ice-servers.enabled", true));
    }
}
