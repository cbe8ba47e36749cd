package dev.rendezvous.config;

import dev.rendezvous.turn.Cidr;
import dev.rendezvous.turn.ClientSocketMode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STUN/TURN server's configuration, read and validated once at start-up.
 *
 * @param externalAddress the address advertised in XOR-RELAYED-ADDRESS; null means "derive it" (see
 *                        {@link #advertisedAddress()})
 */
public record TurnSettings(
        boolean enabled,
        InetAddress listenAddress,
        int port,
        int udpSockets,
        ClientSocketMode udpClientSockets,
        boolean udpNativeReceive,
        int tlsPort,
        String tlsKeyStore,
        String tlsKeyStorePassword,
        int relayPortMin,
        int relayPortMax,
        InetAddress externalAddress,
        InetAddress ipv6RelayAddress,
        InetAddress ipv6ExternalAddress,
        String realm,
        Map<String, String> users,
        List<String> secrets,
        long credentialTtlSeconds,
        boolean trackerGated,
        boolean allowLoopbackPeers,
        boolean allowPrivatePeers,
        List<Cidr> allowedPeers,
        List<Cidr> deniedPeers,
        int maxAllocationsPerUser,
        int maxAllocationsPerAddress,
        int maxAllocations,
        int maxPermissionsPerAllocation,
        int maxChannelsPerAllocation,
        int maxTcpConnectionsPerAllocation,
        long maxBitsPerSecond,
        int maxAuthFailuresPerMinute) {

    public static final String PREFIX = "rendezvous.turn.";

    public TurnSettings {
        users = Map.copyOf(users);
        secrets = List.copyOf(secrets);
        allowedPeers = List.copyOf(allowedPeers);
        deniedPeers = List.copyOf(deniedPeers);
    }

    /** Key material is secret: never print it. */
    @Override
    public String toString() {
        return "TurnSettings[port=" + port + ", tlsPort=" + tlsPort + ", realm=" + realm + ", users=" + users.size()
                + ", secrets=" + secrets.size() + "]";
    }

    public static TurnSettings read(ConfigSource source) {
        ConfigReader config = new ConfigReader(source);
        int relayMin = config.integer(PREFIX + "relay-port-min", 49152, 1024, 65535);
        int relayMax = config.integer(PREFIX + "relay-port-max", 65535, 1024, 65535);
        if (relayMax < relayMin) {
            throw new InvalidConfigurationException(PREFIX + "relay-port-max",
                    relayMax + " is below " + PREFIX + "relay-port-min (" + relayMin + ")");
        }
        String realm = source.get(PREFIX + "realm").map(String::trim).orElse("rendezvous");
        if (realm.isEmpty() || realm.length() > 127) {
            throw new InvalidConfigurationException(PREFIX + "realm", "must be 1 to 127 characters");
        }
        String external = source.get(PREFIX + "external-address").map(String::trim).orElse("");
        return new TurnSettings(
                config.bool(PREFIX + "enabled", true),
                address(PREFIX + "listen-address", source.get(PREFIX + "listen-address").map(String::trim).orElse("0.0.0.0")),
                config.integer(PREFIX + "port", 3478, 1, 65535),
                config.integer(PREFIX + "udp-sockets", Math.min(4, Runtime.getRuntime().availableProcessors()), 1, 64),
                ClientSocketMode.of(config.oneOf(PREFIX + "udp-client-sockets", ClientSocketMode.AUTO.setting(),
                        ClientSocketMode.settings())),
                config.bool(PREFIX + "udp-native-receive", true),
                config.integer(PREFIX + "tls-port", 5349, 0, 65535),
                source.get(PREFIX + "tls-key-store").map(String::trim).orElse(""),
                source.get(PREFIX + "tls-key-store-password").orElse(""),
                relayMin,
                relayMax,
                external.isEmpty() ? null : address(PREFIX + "external-address", external),
                ipv6(PREFIX + "ipv6-relay-address", source),
                ipv6(PREFIX + "ipv6-external-address", source),
                realm,
                users(config.list(PREFIX + "users")),
                config.list(PREFIX + "secrets"),
                config.integer(PREFIX + "credential-ttl", 86_400, 60, 30 * 86_400),
                config.bool(PREFIX + "tracker-gated", false),
                config.bool(PREFIX + "allow-loopback-peers", false),
                config.bool(PREFIX + "allow-private-peers", false),
                cidrs(PREFIX + "allowed-peers", config.list(PREFIX + "allowed-peers")),
                cidrs(PREFIX + "denied-peers", config.list(PREFIX + "denied-peers")),
                config.integer(PREFIX + "max-allocations-per-user", 10, 1, 1_000_000),
                config.integer(PREFIX + "max-allocations-per-address", 32, 1, 1_000_000),
                config.integer(PREFIX + "max-allocations", 10_000, 1, 1_000_000),
                config.integer(PREFIX + "max-permissions-per-allocation", 64, 1, 1024),
                config.integer(PREFIX + "max-channels-per-allocation", 64, 1, 4096),
                config.integer(PREFIX + "max-tcp-connections-per-allocation", 16, 1, 1024),
                config.integer(PREFIX + "max-bps", 0, 0, Integer.MAX_VALUE),
                config.integer(PREFIX + "max-auth-failures-per-minute", 20, 1, 1_000_000));
    }

    /**
     * The address relays are advertised at: {@code external-address}, else the listen address, else (listening
     * on every interface) this host's first non-loopback address, else loopback. Never the wildcard.
     */
    public InetAddress advertisedAddress() {
        if (externalAddress != null) {
            return externalAddress;
        }
        if (!listenAddress.isAnyLocalAddress()) {
            return listenAddress;
        }
        try {
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                    if (address instanceof java.net.Inet4Address && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        } catch (java.net.SocketException e) {
            // fall through to loopback
        }
        return InetAddress.getLoopbackAddress();
    }

    /** An IP address literal (IPv6 with or without brackets); anything else, a host name included, is refused. */
    static InetAddress address(String key, String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.\\[\\]]*:[0-9a-fA-F:.\\[\\]]*")) {
            throw new InvalidConfigurationException(key, "'" + text + "' is not an IP address literal");
        }
        try {
            return InetAddress.getByName(text.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new InvalidConfigurationException(key, "'" + text + "' is not an IP address literal");
        }
    }

    /** An optional IPv6 literal; null when unset. */
    private static InetAddress ipv6(String key, ConfigSource source) {
        String text = source.get(key).map(String::trim).orElse("");
        if (text.isEmpty()) {
            return null;
        }
        InetAddress address = address(key, text);
        if (!(address instanceof java.net.Inet6Address)) {
            throw new InvalidConfigurationException(key, "'" + text + "' is not an IPv6 address");
        }
        return address;
    }

    /** The IPv6 address relays are advertised at, or null when IPv6 relays are off. */
    public InetAddress advertisedIpv6Address() {
        return ipv6ExternalAddress != null ? ipv6ExternalAddress : ipv6RelayAddress;
    }

    private static Map<String, String> users(List<String> entries) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new InvalidConfigurationException(PREFIX + "users", "an entry is not name:password");
            }
            users.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return users;
    }

    private static List<Cidr> cidrs(String key, List<String> entries) {
        return entries.stream().map(e -> Cidr.parse(e).orElseThrow(() ->
                new InvalidConfigurationException(key, "'" + e + "' is not an address block like 10.0.0.0/8"))).toList();
    }
}
