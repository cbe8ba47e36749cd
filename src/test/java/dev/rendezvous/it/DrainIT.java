package dev.rendezvous.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graceful stop: SIGTERM, as systemd, Docker and Kubernetes stop a server, closes every tracker socket with 1001
 * ("server shutting down"), so that clients behind a load balancer reconnect to another node, instead of seeing
 * their connection drop (1006).
 */
class DrainIT {
    private static final int CLIENTS = 50;

    @Test
    void sigtermClosesEveryTrackerSocketWith1001() throws Exception {
        LibertyServer server = LibertyServer.named("rendezvousDrainIT").property("rendezvous.turn.enabled", false)
                .build().start().awaitReady(Duration.ofSeconds(120));
        List<WsClient> clients = new ArrayList<>();
        try {
            String room = id("drain");
            for (int i = 0; i < CLIENTS; i++) {
                WsClient client = WsClient.open(server.ws() + "/announce");
                clients.add(client);
                assertEquals("announce", client.send(announce(room, id("d" + i), "")).next().getString("action"));
            }
            long stopping = System.nanoTime();
            ProcessHandle process = ProcessHandle.of(server.pid()).orElseThrow();
            assertTrue(process.destroy(), "SIGTERM sent");
            process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            for (WsClient client : clients) {
                assertEquals(1001, client.awaitClose(Duration.ofSeconds(30)), "close code");
                assertEquals("server shutting down", client.closeReason());
            }
            long lastClose = clients.stream().mapToLong(WsClient::closedAtNanos).max().orElseThrow();
            System.out.printf("DrainIT: %d clients closed with 1001, the last %d ms after SIGTERM; the server exited after %d ms%n",
                    CLIENTS, (lastClose - stopping) / 1_000_000, (System.nanoTime() - stopping) / 1_000_000);
        } finally {
            clients.forEach(WsClient::close);
            server.close();
        }
    }
}
