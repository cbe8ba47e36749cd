package dev.rendezvous.it;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static dev.rendezvous.it.TurnClient.udpTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation quota as operators meet it: one static TURN user handed to every client of a deployment. With
 * the default quotas (the IT server keeps them for static users: 32 allocations per client address, 10,000 in
 * all), a thousand clients on different addresses all allocate, while one address is bounded.
 */
class TurnQuotaIT {
    private static final int PER_ADDRESS = 32;

    @Test
    void aThousandClientsOnDifferentAddressesShareOneStaticUser() throws Exception {
        double rejectedBefore = Server.metric("rendezvous_turn_quota_rejections_total");
        List<TurnClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                TurnClient client = new TurnClient(InetAddress.getByAddress(new byte[]{127, 2, (byte) (i / 200), (byte) (1 + i % 200)}));
                clients.add(client);
                assertEquals(0, client.authenticated(MessageType.ALLOCATE, "it-user", "it-password", udpTransport()).errorCode(),
                        "client " + i + " on " + client.localAddress());
            }
            assertEquals(rejectedBefore, Server.metric("rendezvous_turn_quota_rejections_total"));
        } finally {
            release(clients);
        }
    }

    @Test
    void oneAddressIsBoundedForAStaticUser() throws Exception {
        InetAddress source = InetAddress.getByName("127.3.0.1");
        List<TurnClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                TurnClient client = new TurnClient(source);
                clients.add(client);
                assertEquals(0, client.authenticated(MessageType.ALLOCATE, "it-user", "it-password", udpTransport()).errorCode(),
                        "allocation " + i);
            }
            TurnClient onePast = new TurnClient(source);
            clients.add(onePast);
            assertEquals(486, onePast.authenticated(MessageType.ALLOCATE, "it-user", "it-password", udpTransport()).errorCode());
            try (TurnClient elsewhere = new TurnClient(InetAddress.getByName("127.3.0.2"))) {
                assertEquals(0, elsewhere.authenticated(MessageType.ALLOCATE, "it-user", "it-password", udpTransport()).errorCode(),
                        "another address still allocates");
                elsewhere.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            }
            clients.get(0).request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            assertEquals(0, onePast.authenticated(MessageType.ALLOCATE, "it-user", "it-password", udpTransport()).errorCode(),
                    "a deleted allocation frees its place");
        } finally {
            release(clients);
        }
    }

    private static void release(List<TurnClient> clients) throws IOException {
        for (TurnClient client : clients) {
            try {
                client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            } catch (IOException alreadyGone) {
                // its allocation was refused or is gone
            }
            client.close();
        }
    }
}
