package dev.rendezvous.it;

import dev.rendezvous.auth.RestCredentials;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunWriter;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.rendezvous.it.TurnClient.peer;
import static dev.rendezvous.it.TurnClient.udpTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded STUN/TURN server over UDP, inside the running Liberty server, with a client written for tests. */
class TurnIT {
    private static final String USER = "it-user";
    private static final String PASSWORD = "it-password";

    private static InetSocketAddress at(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @Test
    void bindingAnswersTheRequestsSourceAndNothingElse() throws Exception {
        double before = Server.metric("rendezvous_turn_binding_requests_total");
        try (TurnClient client = new TurnClient()) {
            TurnClient.Reply reply = client.request(MessageType.BINDING, w -> { });
            assertTrue(reply.success());
            assertEquals(client.localAddress(), reply.reader().xorAddress(AttributeType.XOR_MAPPED_ADDRESS));
            assertFalse(reply.reader().has(AttributeType.SOFTWARE));
            assertFalse(reply.reader().has(AttributeType.RESPONSE_ORIGIN));
            assertFalse(reply.reader().has(AttributeType.MAPPED_ADDRESS));
        }
        assertTrue(Server.metric("rendezvous_turn_binding_requests_total") > before);
    }

    @Test
    void allocateWithoutCredentialsIsChallengedAndLeavesNoState() throws Exception {
        double active = Server.metric("rendezvous_turn_allocations_active");
        try (TurnClient client = new TurnClient()) {
            TurnClient.Reply challenge = client.request(MessageType.ALLOCATE, udpTransport());
            assertEquals(401, challenge.errorCode());
            assertEquals("rendezvous", challenge.reader().string(AttributeType.REALM));
            assertNotNull(challenge.reader().string(AttributeType.NONCE));
            assertFalse(challenge.reader().has(AttributeType.MESSAGE_INTEGRITY));
        }
        assertEquals(active, Server.metric("rendezvous_turn_allocations_active"));
    }

    @Test
    void relayBothWaysWithSendIndicationsAndChannels() throws Exception {
        try (TurnClient client = new TurnClient(); EchoPeer peer = new EchoPeer()) {
            TurnClient.Reply allocated = client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, udpTransport());
            assertTrue(allocated.success(), "error " + allocated.errorCode());
            InetSocketAddress relayed = allocated.reader().xorAddress(AttributeType.XOR_RELAYED_ADDRESS);
            assertEquals(InetAddress.getLoopbackAddress(), relayed.getAddress());
            assertEquals(600, allocated.reader().u32Value(AttributeType.LIFETIME));
            assertEquals(client.localAddress(), allocated.reader().xorAddress(AttributeType.XOR_MAPPED_ADDRESS));
            assertTrue(allocated.reader().has(AttributeType.MESSAGE_INTEGRITY));

            // Without a permission nothing passes.
            client.sendIndication(peer.address(), bytes("too early"));
            assertNull(peer.next());

            assertTrue(client.request(MessageType.CREATE_PERMISSION, peer(peer.address())).success());
            client.sendIndication(peer.address(), bytes("hello peer"));
            EchoPeer.Received atPeer = peer.next();
            assertEquals("hello peer", text(atPeer.data()));
            assertEquals(relayed, atPeer.from(), "the peer sees the relayed address");

            TurnClient.Reply data = client.receive();
            assertEquals(MessageType.DATA, data.reader().method());
            assertEquals(MessageType.INDICATION, data.reader().messageClass());
            assertEquals(peer.address(), data.reader().xorAddress(AttributeType.XOR_PEER_ADDRESS));
            int dataIndex = data.reader().find(AttributeType.DATA);
            assertEquals("hello peer", new String(data.bytes(), data.reader().valueOffset(dataIndex),
                    data.reader().valueLength(dataIndex), StandardCharsets.UTF_8));

            int channel = 0x4001;
            assertTrue(client.request(MessageType.CHANNEL_BIND, w -> {
                w.u32(AttributeType.CHANNEL_NUMBER, (long) channel << 16);
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer.address());
            }).success());
            client.channelData(channel, bytes("over a channel"));
            assertEquals("over a channel", text(peer.next().data()));
            byte[] echoed = client.receiveRaw();
            assertEquals(channel, ((echoed[0] & 0xFF) << 8) | (echoed[1] & 0xFF));
            assertEquals("over a channel", new String(echoed, 4, echoed.length - 4, StandardCharsets.UTF_8));

            TurnClient.Reply released = client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            assertTrue(released.success());
            assertEquals(0, released.reader().u32Value(AttributeType.LIFETIME));
            client.channelData(channel, bytes("after release"));
            assertNull(peer.next(), "a released allocation relays nothing");
        }
    }

    /** A tracker socket that keeps {@code peerId} announced (the IT server gates REST credentials). */
    private static WsClient announced(String peerId) {
        WsClient tracker = WsClient.connect();
        tracker.send(Frames.announce(Frames.id("gate"), peerId, "")).next();
        return tracker;
    }

    @Test
    void ipv6RelaysOnRequestAndDualStackAllocations() throws Exception {
        try (TurnClient client = new TurnClient(); EchoPeer peer = new EchoPeer(InetAddress.getByName("::1"))) {
            TurnClient.Reply allocated = client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, w -> {
                w.u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
                w.u32(AttributeType.REQUESTED_ADDRESS_FAMILY, 0x02L << 24);
            });
            assertTrue(allocated.success(), "error " + allocated.errorCode());
            InetSocketAddress relayed = allocated.reader().xorAddress(AttributeType.XOR_RELAYED_ADDRESS);
            assertEquals(InetAddress.getByName("::1"), relayed.getAddress());
            assertEquals(443, client.request(MessageType.CREATE_PERMISSION, peer(at("127.0.0.1", 4000))).errorCode(),
                    "an IPv4 peer on an IPv6 relay");
            assertTrue(client.request(MessageType.CREATE_PERMISSION, peer(peer.address())).success());
            client.sendIndication(peer.address(), bytes("over IPv6"));
            EchoPeer.Received atPeer = peer.next();
            assertEquals("over IPv6", text(atPeer.data()));
            assertEquals(relayed, atPeer.from());
            TurnClient.Reply data = client.receive();
            assertEquals(peer.address(), data.reader().xorAddress(AttributeType.XOR_PEER_ADDRESS));
            client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
        }
        try (TurnClient client = new TurnClient(); EchoPeer v4 = new EchoPeer();
             EchoPeer v6 = new EchoPeer(InetAddress.getByName("::1"))) {
            TurnClient.Reply dual = client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, w -> {
                w.u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
                w.u32(AttributeType.ADDITIONAL_ADDRESS_FAMILY, 0x02L << 24);
            });
            assertTrue(dual.success(), "error " + dual.errorCode());
            java.util.List<InetSocketAddress> relayed = new java.util.ArrayList<>();
            for (int i = 0; i < dual.reader().attributeCount(); i++) {
                if (dual.reader().attributeType(i) == AttributeType.XOR_RELAYED_ADDRESS) {
                    byte[] ip = new byte[16];
                    int length = dual.reader().xorAddress(i, ip);
                    relayed.add(new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOf(ip, length)), dual.reader().xorPort(i)));
                }
            }
            assertEquals(2, relayed.size(), "an IPv4 and an IPv6 relay");
            assertEquals(InetAddress.getLoopbackAddress(), relayed.get(0).getAddress());
            assertEquals(InetAddress.getByName("::1"), relayed.get(1).getAddress());
            assertTrue(client.request(MessageType.CREATE_PERMISSION, w -> {
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, v4.address());
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, v6.address());
            }).success());
            client.sendIndication(v4.address(), bytes("to v4"));
            client.sendIndication(v6.address(), bytes("to v6"));
            EchoPeer.Received atV4 = v4.next();
            EchoPeer.Received atV6 = v6.next();
            assertEquals("to v4", text(atV4.data()));
            assertEquals(relayed.get(0), atV4.from(), "each family leaves from its own relay");
            assertEquals("to v6", text(atV6.data()));
            assertEquals(relayed.get(1), atV6.from());
            client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
        }
        try (TurnClient client = new TurnClient()) {
            assertEquals(400, client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, w -> {
                w.u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
                w.u32(AttributeType.REQUESTED_ADDRESS_FAMILY, 0x01L << 24);
                w.u32(AttributeType.ADDITIONAL_ADDRESS_FAMILY, 0x02L << 24);
            }).errorCode(), "both family attributes at once");
        }
    }

    @Test
    void anAllocationOverItsBandwidthLimitDropsTheExcess() throws Exception {
        double limited = Server.metric("rendezvous_turn_rate_limited_packets_total");
        try (TurnClient client = new TurnClient(); EchoPeer peer = new EchoPeer()) {
            assertTrue(client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, udpTransport()).success());
            assertTrue(client.request(MessageType.CHANNEL_BIND, w -> {
                w.u32(AttributeType.CHANNEL_NUMBER, 0x4444L << 16);
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer.address());
            }).success());
            byte[] kilobyte = new byte[1000];
            for (int i = 0; i < 2000; i++) { // 2 MB at once; the IT server allows 2 Mbit/s (250 kB of burst)
                client.channelData(0x4444, kilobyte);
            }
            int received = 0;
            while (peer.next() != null) {
                received++;
            }
            assertTrue(received > 0 && received < 1000, "received " + received + " of 2000");
            client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
        }
        assertTrue(Server.metric("rendezvous_turn_rate_limited_packets_total") > limited);
    }

    @Test
    void restCredentialsUnderEitherSecretWorkAndExpiredOnesAreRefused() throws Exception {
        long future = System.currentTimeMillis() / 1000 + 3600;
        String peerId = Frames.id("rest");
        for (String secret : new String[]{"it-secret-old", "it-secret-new"}) {
            try (WsClient tracker = announced(peerId); TurnClient client = new TurnClient()) {
                String username = RestCredentials.username(future, peerId);
                String password = RestCredentials.password(secret.getBytes(StandardCharsets.UTF_8), username);
                TurnClient.Reply reply = client.authenticated(MessageType.ALLOCATE, username, password, udpTransport());
                assertTrue(reply.success(), secret + ": " + reply.errorCode());
                client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            }
        }
        double expired = Server.metric("rendezvous_turn_auth_failures_total", "reason=\"expired\"");
        try (WsClient tracker = announced(peerId); TurnClient client = new TurnClient()) {
            String username = RestCredentials.username(System.currentTimeMillis() / 1000 - 5, peerId);
            String password = RestCredentials.password("it-secret-new".getBytes(StandardCharsets.UTF_8), username);
            assertEquals(401, client.authenticated(MessageType.ALLOCATE, username, password, udpTransport()).errorCode());
        }
        assertTrue(Server.metric("rendezvous_turn_auth_failures_total", "reason=\"expired\"") > expired);
        try (WsClient tracker = announced(peerId); TurnClient client = new TurnClient()) {
            String username = RestCredentials.username(future, peerId);
            String password = RestCredentials.password("not-our-secret".getBytes(StandardCharsets.UTF_8), username);
            assertEquals(401, client.authenticated(MessageType.ALLOCATE, username, password, udpTransport()).errorCode());
            assertEquals(401, client.authenticated(MessageType.ALLOCATE, "not-a-rest-name", "x", udpTransport()).errorCode());
            assertEquals(401, client.authenticated(MessageType.ALLOCATE, USER, "wrong-password", udpTransport()).errorCode());
        }
    }

    @Test
    void trackerGatedCredentialsWorkOnlyWhileThePeerIsAnnounced() throws Exception {
        String peerId = Frames.id("gated");
        String hex = java.util.HexFormat.of().formatHex(peerId.getBytes(StandardCharsets.ISO_8859_1));
        String username = RestCredentials.username(System.currentTimeMillis() / 1000 + 3600, hex);
        String password = RestCredentials.password("it-secret-new".getBytes(StandardCharsets.UTF_8), username);
        double denied = Server.metric("rendezvous_turn_auth_failures_total", "reason=\"not_announced\"");
        try (TurnClient client = new TurnClient()) {
            assertEquals(401, client.authenticated(MessageType.ALLOCATE, username, password, udpTransport()).errorCode(),
                    "not announced yet");
        }
        assertTrue(Server.metric("rendezvous_turn_auth_failures_total", "reason=\"not_announced\"") > denied);
        try (WsClient tracker = announced(peerId); TurnClient client = new TurnClient()) {
            TurnClient.Reply reply = client.authenticated(MessageType.ALLOCATE, username, password, udpTransport());
            assertTrue(reply.success(), "announced: " + reply.errorCode());
            client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        int code;
        do {
            Thread.sleep(100);
            try (TurnClient client = new TurnClient()) {
                code = client.authenticated(MessageType.ALLOCATE, username, password, udpTransport()).errorCode();
                if (code == 0) {
                    client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
                }
            }
        } while (code == 0 && System.nanoTime() < deadline);
        assertEquals(401, code, "the tracker socket closed, so the peer is gone");
    }

    @Test
    void rfc8489ClientsGetSha256KeysIntegrityAndUserhashAndCannotBeDowngraded() throws Exception {
        try (TurnClient client = new TurnClient()) {
            TurnClient.Reply challenge = client.request(MessageType.ALLOCATE, udpTransport());
            String nonce = challenge.reader().string(AttributeType.NONCE);
            assertTrue(nonce.startsWith("obMatJos2wAAA"), "the nonce cookie announces password algorithms and USERHASH");
            int offered = challenge.reader().find(AttributeType.PASSWORD_ALGORITHMS);
            byte[] algorithms = Arrays.copyOfRange(challenge.bytes(), challenge.reader().valueOffset(offered),
                    challenge.reader().valueOffset(offered) + challenge.reader().valueLength(offered));
            assertEquals("0002000000010000", java.util.HexFormat.of().formatHex(algorithms), "SHA-256, then MD5");

            byte[] key = dev.rendezvous.auth.LongTermKey.derive(dev.rendezvous.auth.LongTermKey.Algorithm.SHA256,
                    USER, "rendezvous", PASSWORD).orElseThrow();
            byte[] userhash = dev.rendezvous.auth.LongTermKey.userhash(USER, "rendezvous");
            TurnClient.Reply allocated = client.raw(MessageType.ALLOCATE, w -> w
                    .u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24)
                    .attribute(AttributeType.USERHASH, userhash)
                    .string(AttributeType.REALM, "rendezvous").string(AttributeType.NONCE, nonce)
                    .attribute(AttributeType.PASSWORD_ALGORITHM, new byte[]{0, 2, 0, 0})
                    .attribute(AttributeType.PASSWORD_ALGORITHMS, algorithms)
                    .messageIntegritySha256(key));
            assertTrue(allocated.success(), "error " + allocated.errorCode());
            assertTrue(dev.rendezvous.stun.MessageIntegrity.SHA256.verify(allocated.reader(), key),
                    "the response is signed the way the request was");

            TurnClient.Reply downgraded = client.raw(MessageType.REFRESH, w -> w
                    .attribute(AttributeType.USERHASH, userhash)
                    .string(AttributeType.REALM, "rendezvous").string(AttributeType.NONCE, nonce)
                    .attribute(AttributeType.PASSWORD_ALGORITHM, new byte[]{0, 1, 0, 0})
                    .attribute(AttributeType.PASSWORD_ALGORITHMS, new byte[]{0, 1, 0, 0})
                    .messageIntegrity(dev.rendezvous.auth.LongTermKey.derive(USER, "rendezvous", PASSWORD).orElseThrow()));
            assertEquals(400, downgraded.errorCode(), "an offer without SHA-256 was tampered with");

            TurnClient.Reply released = client.raw(MessageType.REFRESH, w -> w
                    .u32(AttributeType.LIFETIME, 0)
                    .attribute(AttributeType.USERHASH, userhash)
                    .string(AttributeType.REALM, "rendezvous").string(AttributeType.NONCE, nonce)
                    .attribute(AttributeType.PASSWORD_ALGORITHM, new byte[]{0, 2, 0, 0})
                    .attribute(AttributeType.PASSWORD_ALGORITHMS, algorithms)
                    .messageIntegrity(key));
            assertTrue(released.success(), "MESSAGE-INTEGRITY with the SHA-256 key works too");
        }
    }

    @Test
    void allocationsExpireAtTheEndOfTheirLifetimeAndStopRelaying() throws Exception {
        double expired = Server.metric("rendezvous_turn_allocations_expired_total");
        try (TurnClient client = new TurnClient(); EchoPeer peer = new EchoPeer()) {
            TurnClient.Reply allocated = client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, w -> {
                w.u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
                w.u32(AttributeType.LIFETIME, 1);
            });
            assertEquals(1, allocated.reader().u32Value(AttributeType.LIFETIME));
            assertTrue(client.request(MessageType.CREATE_PERMISSION, peer(peer.address())).success());
            Thread.sleep(3000); // the server sweeps every second
            client.sendIndication(peer.address(), bytes("too late"));
            assertNull(peer.next(), "an expired allocation relays nothing");
            assertEquals(437, client.request(MessageType.REFRESH, w -> { }).errorCode(), "and is gone");
        }
        assertTrue(Server.metric("rendezvous_turn_allocations_expired_total") > expired);
    }

    @Test
    void aTamperedAuthenticatedRequestFailsIntegrityAndCreatesNothing() throws Exception {
        double active = Server.metric("rendezvous_turn_allocations_active");
        try (TurnClient client = new TurnClient()) {
            TurnClient.Reply challenge = client.request(MessageType.ALLOCATE, udpTransport());
            byte[] key = dev.rendezvous.auth.LongTermKey.derive(USER, "rendezvous", PASSWORD).orElseThrow();
            String nonce = challenge.reader().string(AttributeType.NONCE);
            dev.rendezvous.stun.StunWriter w = new dev.rendezvous.stun.StunWriter(512)
                    .begin(MessageType.of(MessageType.ALLOCATE, MessageType.REQUEST), new byte[12], 0)
                    .u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24).u32(AttributeType.LIFETIME, 600)
                    .string(AttributeType.USERNAME, USER).string(AttributeType.REALM, "rendezvous")
                    .string(AttributeType.NONCE, nonce).messageIntegrity(key);
            byte[] tampered = Arrays.copyOf(w.buffer(), w.length());
            tampered[35] ^= 1; // LIFETIME's value, after MESSAGE-INTEGRITY was computed
            client.sendRaw(tampered);
            TurnClient.Reply reply = client.receive();
            assertEquals(401, reply.errorCode());
            assertFalse(reply.reader().has(AttributeType.MESSAGE_INTEGRITY), "a failed request gets no signed answer");
        }
        assertEquals(active, Server.metric("rendezvous_turn_allocations_active"));
    }

    @Test
    void wrongRealmAndForgedNonceAreRefused() throws Exception {
        try (TurnClient client = new TurnClient()) {
            assertTrue(client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, udpTransport()).success());
            client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            client.realm = "another-realm";
            assertEquals(401, client.request(MessageType.ALLOCATE, udpTransport()).errorCode());
            client.realm = "rendezvous";
            client.nonce = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            TurnClient.Reply stale = client.request(MessageType.ALLOCATE, udpTransport());
            assertEquals(438, stale.errorCode());
            assertNotNull(stale.reader().string(AttributeType.NONCE), "438 carries a fresh nonce");
        }
    }

    @Test
    void protocolErrors() throws Exception {
        try (TurnClient client = new TurnClient(); EchoPeer peer = new EchoPeer()) {
            assertEquals(437, client.authenticated(MessageType.REFRESH, USER, PASSWORD, w -> { }).errorCode(),
                    "Refresh without an allocation");
            assertEquals(437, client.request(MessageType.CREATE_PERMISSION, peer(peer.address())).errorCode());
            assertEquals(400, client.request(MessageType.ALLOCATE, w -> { }).errorCode(), "no REQUESTED-TRANSPORT");
            assertEquals(442, client.request(MessageType.ALLOCATE, w -> w.u32(AttributeType.REQUESTED_TRANSPORT, 132L << 24)).errorCode(),
                    "SCTP");
            assertEquals(400, client.request(MessageType.ALLOCATE, w -> w.u32(AttributeType.REQUESTED_TRANSPORT, 6L << 24)).errorCode(),
                    "a TCP relay asked for over UDP (RFC 6062 section 5.1)");
            assertEquals(440, client.request(MessageType.ALLOCATE, w -> {
                w.u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
                w.u32(AttributeType.REQUESTED_ADDRESS_FAMILY, 0x03L << 24);
            }).errorCode(), "an unknown address family");
            assertTrue(client.request(MessageType.ALLOCATE, udpTransport()).success());
            assertEquals(437, client.request(MessageType.ALLOCATE, udpTransport()).errorCode(), "a second Allocate");

            assertEquals(400, client.request(MessageType.CHANNEL_BIND, w -> {
                w.u32(AttributeType.CHANNEL_NUMBER, 0x3FFFL << 16);
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer.address());
            }).errorCode(), "channel number below 0x4000");
            assertEquals(400, client.request(MessageType.CHANNEL_BIND, w -> {
                w.u32(AttributeType.CHANNEL_NUMBER, 0x8000L << 16);
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer.address());
            }).errorCode(), "channel number above 0x7FFF");
            assertTrue(client.request(MessageType.CHANNEL_BIND, w -> {
                w.u32(AttributeType.CHANNEL_NUMBER, 0x4100L << 16);
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer.address());
            }).success());
            try (EchoPeer other = new EchoPeer()) {
                TurnClient.Reply rebind = client.request(MessageType.CHANNEL_BIND, w -> {
                    w.u32(AttributeType.CHANNEL_NUMBER, 0x4100L << 16);
                    w.xorAddress(AttributeType.XOR_PEER_ADDRESS, other.address());
                });
                assertEquals(400, rebind.errorCode(), "a rebind to another peer");
                assertEquals("Channel Number Bound to Another Peer", rebind.errorReason());
            }
            TurnClient.Reply secondNumber = client.request(MessageType.CHANNEL_BIND, w -> {
                w.u32(AttributeType.CHANNEL_NUMBER, 0x4101L << 16);
                w.xorAddress(AttributeType.XOR_PEER_ADDRESS, peer.address());
            });
            assertEquals(400, secondNumber.errorCode(), "a second number for the same peer");
            assertEquals("Peer Bound to Another Channel Number", secondNumber.errorReason());
            client.channelData(0x4200, bytes("unbound channel"));
            assertNull(peer.next(), "ChannelData on an unbound channel is dropped");
            client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
        }
    }

    @Test
    void insidePeersAreForbiddenInEveryForm() throws Exception {
        double before = Server.metric("rendezvous_turn_permission_denials_total", "reason=\"link_local\"");
        try (TurnClient client = new TurnClient()) {
            assertTrue(client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, udpTransport()).success());
            for (String address : new String[]{"169.254.169.254", "0.0.0.0", "10.0.0.1", "192.168.1.1", "224.0.0.1"}) {
                assertEquals(403, client.request(MessageType.CREATE_PERMISSION, peer(at(address, 80))).errorCode(), address);
            }
            for (String address : new String[]{"::ffff:169.254.169.254", "::", "::1"}) {
                int code = client.request(MessageType.CREATE_PERMISSION, peer(at(address, 80))).errorCode();
                assertTrue(code == 403 || code == 443, address + " got " + code);
            }
            int ownPort = TurnClient.SERVER.getPort();
            assertEquals(403, client.request(MessageType.CREATE_PERMISSION, peer(at("127.0.0.1", ownPort))).errorCode(),
                    "the server's own listener");
            client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
        }
        assertTrue(Server.metric("rendezvous_turn_permission_denials_total", "reason=\"link_local\"") > before);
    }

    @Test
    void unknownComprehensionRequiredAttributesGet420() throws Exception {
        try (TurnClient client = new TurnClient()) {
            TurnClient.Reply reply = client.request(MessageType.ALLOCATE, w -> {
                w.u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
                w.u32(0x7ABC, 1);
            });
            assertEquals(420, reply.errorCode());
            int i = reply.reader().find(AttributeType.UNKNOWN_ATTRIBUTES);
            assertEquals(0x7ABC, ((reply.bytes()[reply.reader().valueOffset(i)] & 0xFF) << 8)
                    | (reply.bytes()[reply.reader().valueOffset(i) + 1] & 0xFF));
        }
    }

    @Test
    void dontFragmentIsHonouredWhereTheRuntimeCanSetDfElse420() throws Exception {
        // The IT server runs on the JDK that runs Maven; IP_DONTFRAGMENT exists from Java 19 on.
        boolean supported = Runtime.version().feature() >= 19;
        try (TurnClient client = new TurnClient()) {
            TurnClient.Reply reply = client.authenticated(MessageType.ALLOCATE, USER, PASSWORD, w -> {
                w.u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24);
                w.attribute(AttributeType.DONT_FRAGMENT, new byte[0]);
            });
            if (supported) {
                assertTrue(reply.success(), "error " + reply.errorCode());
                client.request(MessageType.REFRESH, w -> w.u32(AttributeType.LIFETIME, 0));
            } else {
                assertEquals(420, reply.errorCode());
                int i = reply.reader().find(AttributeType.UNKNOWN_ATTRIBUTES);
                assertEquals(AttributeType.DONT_FRAGMENT, ((reply.bytes()[reply.reader().valueOffset(i)] & 0xFF) << 8)
                        | (reply.bytes()[reply.reader().valueOffset(i) + 1] & 0xFF));
            }
        }
    }

    @Test
    void malformedAndTamperedPacketsAreDroppedAndTheServerKeepsAnswering() throws Exception {
        try (TurnClient client = new TurnClient()) {
            byte[] valid = Arrays.copyOf(new StunWriter(64).begin(MessageType.of(MessageType.BINDING, MessageType.REQUEST),
                    new byte[12], 0).fingerprint().buffer(), 28);
            byte[] badFingerprint = valid.clone();
            badFingerprint[27] ^= 1;
            byte[] truncated = Arrays.copyOf(valid, 10);
            byte[] longer = Arrays.copyOf(valid, valid.length + 8);
            byte[] badCookie = valid.clone();
            badCookie[4] = 0;
            for (byte[] bad : new byte[][]{badFingerprint, truncated, longer, badCookie, new byte[0], {0x40, 0x00, 0x7F, (byte) 0xFF}}) {
                client.sendRaw(bad);
            }
            assertNull(client.receive(), "nothing answers malformed packets");
            assertTrue(client.request(MessageType.BINDING, w -> { }).success());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

}
