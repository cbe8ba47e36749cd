package dev.rendezvous.ops;

import dev.rendezvous.auth.TrustedProxies;
import dev.rendezvous.config.AdminSettings;
import dev.rendezvous.config.ClusterSettings;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.InvalidConfigurationException;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.config.HttpTrackerSettings;
import dev.rendezvous.config.IceSettings;
import dev.rendezvous.config.TurnSettings;
import dev.rendezvous.config.UdpTrackerSettings;
import dev.rendezvous.tracker.http.HttpTrackerPaths;
import dev.rendezvous.turn.AddressText;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Says at start-up what is running, before anything else starts: the version, where the tracker listens, the
 * STUN/TURN ports and how clients authenticate, the origin allowlist and the deployment mode. An invalid setting is
 * reported instead; with {@code rendezvous.exit-on-invalid-configuration} (set in the standalone jar) the process
 * then exits with status 2, as a command-line program should.
 */
@ApplicationScoped
public class Banner {
    static final int INVALID_CONFIGURATION_STATUS = 2;

    /** The node's own settings, so that the banner names the node id it runs with (a default id is random). */
    @Inject
    Instance<ClusterSettings> clusterSettings;

    void show(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Startup startup) {
        ConfigSource config = ConfigSource.microProfile();
        try {
            for (var source : org.eclipse.microprofile.config.ConfigProvider.getConfig().getConfigSources()) {
                if (source instanceof dev.rendezvous.config.ConfigFile file && file.problem().isPresent()) {
                    throw file.problem().get();
                }
            }
            dev.rendezvous.config.Settings.read(config);
            TrackerSettings tracker = TrackerSettings.read(config);
            TurnSettings turn = TurnSettings.read(config);
            IceSettings.read(config);
            TrustedProxies.read(config);
            ClusterSettings.read(config); // checked here with the others; the bean is then made without failing
            UdpTrackerSettings udpTracker = UdpTrackerSettings.read(config);
            AdminSettings admin = AdminSettings.read(config);
            System.out.println(text(config, tracker, turn) + udpTracker(udpTracker) + mode(clusterSettings.get())
                    + (admin.enabled() ? "\n  admin:    /admin (" + admin.tokens().size() + " token(s)), console /admin.html" : ""));
        } catch (InvalidConfigurationException e) {
            System.err.println("Rendezvous cannot start: " + e.getMessage());
            if (config.get("rendezvous.exit-on-invalid-configuration").map(Boolean::parseBoolean).orElse(false)) {
                // Not on this thread: the container's start-up is still running on it.
                new Thread(() -> System.exit(INVALID_CONFIGURATION_STATUS), "rendezvous-exit").start();
            }
            throw e;
        }
    }

    static String text(ConfigSource config, TrackerSettings tracker, TurnSettings turn) {
        String httpPort = config.get("HTTP_PORT").orElse("9080");
        String httpsPort = config.get("HTTPS_PORT").orElse("9443");
        StringBuilder out = new StringBuilder("Rendezvous ").append(version()).append('\n');
        out.append("  tracker:  ").append(tracker.paths().stream()
                .map(path -> "ws://HOST:" + httpPort + path + "  wss://HOST:" + httpsPort + path)
                .collect(Collectors.joining(", "))).append('\n');
        List<String> httpAnnounce = HttpTrackerPaths.announcePaths(tracker.paths());
        out.append("  HTTP tracker: ").append(!HttpTrackerSettings.read(config).enabled() ? "off"
                : httpAnnounce.isEmpty() ? "off (no tracker path's last segment starts with announce)"
                : httpAnnounce.stream().map(path -> "http://HOST:" + httpPort + path).collect(Collectors.joining(", ")))
                .append('\n');
        if (turn.enabled()) {
            out.append("  STUN/TURN: ").append(AddressText.host(turn.listenAddress())).append(" port ").append(turn.port())
                    .append(" (UDP, TCP)").append(turn.tlsPort() > 0 ? ", " + turn.tlsPort() + " (TLS)" : "")
                    .append(", relays ").append(turn.relayPortMin()).append('-').append(turn.relayPortMax()).append('\n');
            out.append("  TURN credentials: ").append(credentialMode(turn)).append('\n');
        } else {
            out.append("  STUN/TURN: off\n");
        }
        out.append("  origin allowlist: ").append(tracker.allowedOrigins().isEmpty() ? "off (any origin)"
                : String.join(", ", tracker.allowedOrigins())).append('\n');
        return out.toString();
    }

    static String udpTracker(UdpTrackerSettings udp) {
        if (!udp.enabled()) {
            return "  UDP tracker: off\n";
        }
        return "  UDP tracker: " + udp.listenAddresses().stream().map(AddressText::host).collect(Collectors.joining(", "))
                + " port " + udp.port() + " (udp://HOST:" + udp.port() + "/announce)\n";
    }

    static String mode(ClusterSettings cluster) {
        return cluster.enabled()
                ? "  mode: cluster node " + cluster.nodeId() + " on " + cluster.redisUriForLogs()
                : "  mode: single node";
    }

    private static String credentialMode(TurnSettings turn) {
        String users = turn.users().size() + " static user" + (turn.users().size() == 1 ? "" : "s");
        String rest = turn.secrets().isEmpty()
                ? (turn.users().isEmpty() ? "REST credentials signed by a random secret made at start-up" : "no REST secret")
                : turn.secrets().size() + " REST secret" + (turn.secrets().size() == 1 ? "" : "s");
        return users + ", " + rest + (turn.trackerGated() ? ", tracker-gated" : "");
    }

    public static String version() {
        try (InputStream in = Banner.class.getResourceAsStream("/dev/rendezvous/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
