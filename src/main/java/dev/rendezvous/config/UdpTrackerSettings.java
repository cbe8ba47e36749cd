package dev.rendezvous.config;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The UDP tracker's (BEP 15) configuration, read and validated once at start-up (it binds sockets, so a change needs a
 * restart).
 *
 * @param enabled                      serve BEP 15 announces and scrapes ({@code rendezvous.udp-tracker.enabled}, default
 *                                     true: every desktop BitTorrent client speaks it, and a torrent that lists the
 *                                     tracker's {@code udp://} URL gets nothing from a closed port)
 * @param listenAddresses              one socket each; default {@code 0.0.0.0} like TURN's (IPv4 on every interface, which
 *                                     binds on any host, IPv6-less containers included). {@code ::} is one dual-stack
 *                                     socket (IPv4 and IPv6); a list of literals binds each
 * @param port                         default 6969, the port most public trackers' {@code udp://} URLs name
 * @param connectionSecret             the key of the connection-id MAC: the configured secret's UTF-8 bytes (nodes behind one UDP
 *                                     load balancer share it, so an id issued by one node validates on all), else 32 random
 *                                     bytes per start (ids then die with the process, which clients survive by connecting again)
 * @param secretConfigured             whether {@code connectionSecret} came from the configuration
 * @param maxUnverifiedRepliesPerMinute answers (connect responses, errors) one source address gets per minute before it has proven,
 *                                     with a valid connection id, that it receives at that address: bounds what spoofed requests
 *                                     can reflect at a victim
 * @param maxPending                   announces and scrapes that may wait for the swarm registry at once; beyond, requests are
 *                                     dropped (a client retries), so a slow cluster engine cannot make them pile up
 */
public record UdpTrackerSettings(boolean enabled, List<InetAddress> listenAddresses, int port, byte[] connectionSecret,
                                 boolean secretConfigured, int maxUnverifiedRepliesPerMinute, int maxPending) {

    public static final String PREFIX = "rendezvous.udp-tracker.";
    public static final String CONNECTION_SECRET = PREFIX + "connection-secret";
    private static final int MIN_SECRET_LENGTH = 16;

    public UdpTrackerSettings {
        listenAddresses = List.copyOf(listenAddresses);
        connectionSecret = connectionSecret.clone();
    }

    @Override
    public byte[] connectionSecret() {
        return connectionSecret.clone();
    }

    /** Key material is secret: never print it. */
    @Override
    public String toString() {
        return "UdpTrackerSettings[enabled=" + enabled + ", listenAddresses=" + listenAddresses + ", port=" + port
                + ", connectionSecret=" + (secretConfigured ? "configured" : "random") + ", maxUnverifiedRepliesPerMinute="
                + maxUnverifiedRepliesPerMinute + ", maxPending=" + maxPending + "]";
    }

    public static UdpTrackerSettings read(ConfigSource source) {
        ConfigReader config = new ConfigReader(source);
        String secret = source.get(CONNECTION_SECRET).orElse("");
        if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
            // the value itself is never printed
            throw new InvalidConfigurationException(CONNECTION_SECRET, "must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        byte[] key;
        if (secret.isEmpty()) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else {
            key = secret.getBytes(StandardCharsets.UTF_8);
        }
        return new UdpTrackerSettings(
                config.bool(PREFIX + "enabled", true),
                listenAddresses(config),
                config.integer(PREFIX + "port", 6969, 1, 65535),
                key,
                !secret.isEmpty(),
                config.integer(PREFIX + "max-unverified-replies-per-minute", 600, 1, 1_000_000),
                config.integer(PREFIX + "max-pending", 10_000, 1, 1_000_000));
    }

    private static List<InetAddress> listenAddresses(ConfigReader config) {
        String key = PREFIX + "listen-address";
        List<String> entries = config.list(key);
        if (entries.isEmpty()) {
            return List.of(TurnSettings.address(key, "0.0.0.0"));
        }
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (String entry : entries) {
            if (!addresses.add(TurnSettings.address(key, entry))) {
                throw new InvalidConfigurationException(key, "'" + entry + "' is listed twice");
            }
        }
        return List.copyOf(addresses);
    }
}
