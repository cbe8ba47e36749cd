package dev.rendezvous.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.rendezvous.it.ClusterChecks.awaitHealth;
import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static dev.rendezvous.it.Frames.offers;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cluster mode through Redis Sentinel: the nodes follow the master when Sentinel replaces a dead one. */
class RedisSentinelIT extends TwoNodesOnRedis {
    private RedisSentinel sentinel;

    @Override
    String startRedis() throws Exception {
        sentinel = RedisSentinel.start();
        return sentinel.uri();
    }

    @Override
    void stopRedis() throws Exception {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Override
    String name() {
        return "sentinel";
    }

    @Test
    @Order(10)
    void whenTheMasterDiesTheNodesFollowSentinelToTheNewOne() throws Exception {
        String room = id("failover");
        try (WsClient waiting = WsClient.open(a.ws() + "/announce")) {
            waiting.send(announce(room, id("waiter"), "")).next();
            sentinel.killMaster();
            long killed = System.nanoTime();
            sentinel.awaitFailover(Duration.ofSeconds(30));
            long promoted = System.nanoTime();
            for (LibertyServer node : List.of(a, b)) {
                awaitHealth(node, "\"state\":\"connected\"", Duration.ofSeconds(30));
            }
            long back = System.nanoTime();
            System.out.printf("RedisSentinelIT: Sentinel promoted the replica %d ms after the master died; "
                            + "both nodes used it %d ms later%n", TimeUnit.NANOSECONDS.toMillis(promoted - killed),
                    TimeUnit.NANOSECONDS.toMillis(back - promoted));
            try (WsClient onB = WsClient.open(b.ws() + "/announce")) {
                onB.send(announce(room, id("arrival"), offers("f-1"))).next();
                assertEquals("f-1", waiting.next().getString("offer_id"), "an offer from B reaches A's peer again");
            }
            NodeProcess.Result met = NodeProcess.run(Duration.ofSeconds(40), "clients-meet.mjs",
                    b.ws() + "/announce", a.ws() + "/announce");
            assertEquals(0, met.exitCode(), met.output());
        }
    }
}
