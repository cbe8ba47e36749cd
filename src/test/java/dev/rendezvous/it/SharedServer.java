package dev.rendezvous.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

/**
 * Starts the Liberty server that the integration tests share, once, before the first integration test class,
 * and stops it when the test run ends. It runs on the free loopback ports Maven reserved ({@code it.*.port}),
 * with short timers and the users and secrets the tests sign in with. Registered for every test class through
 * JUnit's extension auto-detection; unit tests (no {@code it.http.port}) never start it, nor does a run of
 * integration tests that bring their own servers with {@code -Dit.shared-server=off}.
 */
public final class SharedServer implements BeforeAllCallback {
    static final String NAME = "rendezvousIT";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (System.getProperty("it.http.port") == null || "off".equals(System.getProperty("it.shared-server"))) {
            return;
        }
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedServer.class, key -> start(), LibertyServer.class);
    }

    private static LibertyServer start() {
        int http = Integer.getInteger("it.http.port");
        LibertyServer server = LibertyServer.named(NAME)
                .ports(http, Integer.getInteger("it.https.port"))
                .property("rendezvous.tracker.peer-timeout", 4)
                .property("rendezvous.tracker.idle-timeout", 6)
                .property("rendezvous.tracker.announce-interval", 2)
                .property("rendezvous.tracker.max-queued-messages", 64)
                .property("rendezvous.tracker.allowed-origins",
                        "https://allowed.example,https://*.wild.example,http://127.0.0.1:" + http)
                .property("rendezvous.turn.listen-address", "127.0.0.1")
                .property("rendezvous.turn.port", Integer.getInteger("it.turn.port"))
                .property("rendezvous.turn.tls-port", Integer.getInteger("it.turn.tls.port"))
                .property("rendezvous.turn.ipv6-relay-address", "::1")
                // IPv4 and IPv6 on loopback only; every UDP test client is 127.0.0.1 or ::1
                .property("rendezvous.udp-tracker.listen-address", "127.0.0.1,::1")
                .property("rendezvous.udp-tracker.port", Integer.getInteger("it.udp-tracker.port"))
                .property("rendezvous.udp-tracker.max-unverified-replies-per-minute", 100_000)
                .property("rendezvous.turn.max-bps", 2_000_000)
                .property("rendezvous.ice-servers.requests-per-minute", 50)
                // Every test client is 127.0.0.1, and several tests fail authentications on purpose.
                .property("rendezvous.turn.max-auth-failures-per-minute", 1000)
                .property("rendezvous.turn.allow-loopback-peers", true)
                .property("rendezvous.turn.users", "it-user:it-password,other-user:other-password,uc1:uc-pw,uc2:uc-pw,"
                        + "uc3:uc-pw,uc4:uc-pw,uc5:uc-pw,ut1:uc-pw,ut2:uc-pw,ut3:uc-pw,ut4:uc-pw,ut5:uc-pw,us1:uc-pw,"
                        + "us2:uc-pw,us3:uc-pw,ur1:uc-pw,ur2:uc-pw")
                .property("rendezvous.turn.secrets", "it-secret-old,it-secret-new")
                .property("rendezvous.turn.max-allocations-per-user", 6)
                .property("rendezvous.turn.tracker-gated", true)
                .property("rendezvous.trusted-proxies", "127.0.0.2/32")
                .build();
        try {
            return server.start().awaitReady(Duration.ofSeconds(120));
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("the shared integration-test server did not start", e);
        }
    }
}
