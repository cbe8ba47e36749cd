package dev.rendezvous.turn;

import dev.rendezvous.auth.SourceLimiter;
import dev.rendezvous.auth.LongTermKey;
import dev.rendezvous.auth.NonceService;
import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import dev.rendezvous.stun.StunWriter;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds 100,000 corrupted packets, derived from valid ones, to the server's packet handler: nothing may escape
 * as an exception, no allocation may be left behind, and the server must still answer properly afterwards.
 */
class PacketMutationTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress SERVER = new InetSocketAddress(LOOPBACK, 3478);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(LOOPBACK, 40000);
    private static final InetSocketAddress PEER = new InetSocketAddress(LOOPBACK, 40001);

    private final CountingTurnMetrics metrics = new CountingTurnMetrics();
    private final AllocationManager allocations = new AllocationManager(new AllocationManager.Limits(
            50, 50, 8, 8, 50000, 50999, LOOPBACK, LOOPBACK));
    private final List<byte[]> responses = new ArrayList<>();
    private final Responder responder = new Responder() {
        @Override
        public void send(InetSocketAddress client, ByteBuffer message) {
            byte[] copy = new byte[message.remaining()];
            message.get(copy);
            responses.add(copy);
        }

        @Override
        public ClientLink linkTo(InetSocketAddress client) {
            return message -> { };
        }

        @Override
        public void watchRelays(Allocation allocation) {
            // peers' data is not part of this test
        }
    };

    @Test
    void corruptedPacketsNeitherEscapeNorLeak() throws Exception {
        TurnAuthenticator auth = new TurnAuthenticator("fuzz", Map.of("user", "password"), List.of("secret"),
                new NonceService(600_000), new SourceLimiter(1_000_000, TimeUnit.MINUTES.toNanos(1), 1000));
        TurnServer server = new TurnServer(auth, allocations,
                new PeerAddressPolicy(true, false, List.of(), List.of(), List.of(SERVER)), metrics);
        TurnServer.Source source = new TurnServer.Source(Transport.UDP, SERVER, allocations.index(Transport.UDP, SERVER));
        TurnServer.Scratch scratch = new TurnServer.Scratch();

        List<byte[]> seeds = seeds(server, source, scratch, auth);
        Random random = new Random(5769);
        int corrupted = 100_000;
        for (int i = 0; i < corrupted; i++) {
            byte[] packet = mutate(seeds.get(random.nextInt(seeds.size())), random);
            server.handle(source, CLIENT, packet, 0, packet.length, responder, scratch);
            if (allocations.count() > 0 && random.nextInt(100) == 0) {
                allocations.deleteAll(); // let later mutations of Allocate succeed too, and exercise delete
            }
        }
        for (byte[] response : responses) {
            assertEquals(StunReader.Result.OK, new StunReader().read(response, 0, response.length),
                    "every answer is well-formed STUN");
        }
        allocations.expire(System.nanoTime() + TimeUnit.HOURS.toNanos(2));
        assertEquals(0, allocations.count(), "every allocation expires");
        assertTrue(allocations.index(Transport.UDP, SERVER).isEmpty(), "the packet index is empty too");

        responses.clear();
        byte[] binding = bytes(new StunWriter(64).begin(MessageType.of(MessageType.BINDING, MessageType.REQUEST), new byte[12], 0));
        server.handle(source, CLIENT, binding, 0, binding.length, responder, scratch);
        assertEquals(1, responses.size(), "still answering");
    }

    /** Valid packets of every kind the server handles, including an authenticated session's. */
    private List<byte[]> seeds(TurnServer server, TurnServer.Source source, TurnServer.Scratch scratch,
                               TurnAuthenticator auth) {
        byte[] txid = new byte[12];
        String nonce = auth.nonce(new FiveTuple(Transport.UDP, CLIENT, SERVER).clientKey(), System.currentTimeMillis());
        byte[] key = LongTermKey.derive("user", "fuzz", "password").orElseThrow();
        List<byte[]> seeds = new ArrayList<>();
        StunWriter w = new StunWriter(2048);
        seeds.add(bytes(w.begin(MessageType.of(MessageType.BINDING, MessageType.REQUEST), txid, 0).fingerprint()));
        seeds.add(bytes(w.begin(MessageType.of(MessageType.ALLOCATE, MessageType.REQUEST), txid, 0)
                .u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24)));
        seeds.add(signed(w.begin(MessageType.of(MessageType.ALLOCATE, MessageType.REQUEST), txid, 0)
                .u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24).u32(AttributeType.LIFETIME, 60)
                .attribute(AttributeType.EVEN_PORT, new byte[]{(byte) 0x80}), nonce, key));
        seeds.add(signed(w.begin(MessageType.of(MessageType.CREATE_PERMISSION, MessageType.REQUEST), txid, 0)
                .xorAddress(AttributeType.XOR_PEER_ADDRESS, PEER), nonce, key));
        seeds.add(signed(w.begin(MessageType.of(MessageType.CHANNEL_BIND, MessageType.REQUEST), txid, 0)
                .u32(AttributeType.CHANNEL_NUMBER, 0x4001L << 16).xorAddress(AttributeType.XOR_PEER_ADDRESS, PEER), nonce, key));
        seeds.add(signed(w.begin(MessageType.of(MessageType.REFRESH, MessageType.REQUEST), txid, 0)
                .u32(AttributeType.LIFETIME, 600), nonce, key));
        seeds.add(bytes(w.begin(MessageType.of(MessageType.SEND, MessageType.INDICATION), txid, 0)
                .xorAddress(AttributeType.XOR_PEER_ADDRESS, PEER).attribute(AttributeType.DATA, new byte[]{1, 2, 3})));
        seeds.add(new byte[]{0x40, 0x01, 0x00, 0x03, 9, 9, 9, 0});
        for (byte[] seed : seeds) { // the valid session itself: allocate, permit, bind, send
            server.handle(source, CLIENT, seed, 0, seed.length, responder, scratch);
        }
        assertEquals(1, allocations.count(), "the seeds are valid: they make an allocation");
        return seeds;
    }

    private static byte[] signed(StunWriter w, String nonce, byte[] key) {
        return bytes(w.string(AttributeType.USERNAME, "user").string(AttributeType.REALM, "fuzz")
                .string(AttributeType.NONCE, nonce).messageIntegrity(key).fingerprint());
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] p = seed.clone();
        switch (random.nextInt(7)) {
            case 0 -> p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));          // flip a bit
            case 1 -> p[random.nextInt(p.length)] = (byte) random.nextInt(256);                // replace a byte
            case 2 -> p = Arrays.copyOf(p, random.nextInt(p.length + 1));                      // truncate
            case 3 -> {                                                                        // append garbage
                int extra = 1 + random.nextInt(64);
                p = Arrays.copyOf(p, p.length + extra);
                for (int i = p.length - extra; i < p.length; i++) {
                    p[i] = (byte) random.nextInt(256);
                }
            }
            case 4 -> {                                                                        // message length
                if (p.length >= 4) {
                    p[2] = (byte) random.nextInt(256);
                    p[3] = (byte) random.nextInt(256);
                }
            }
            case 5 -> {                                                                        // an attribute's length
                if (p.length >= 24) {
                    int at = 20 + 4 * random.nextInt((p.length - 20) / 4);
                    if (at + 4 <= p.length) {
                        p[at + 2] = (byte) random.nextInt(256);
                        p[at + 3] = (byte) random.nextInt(256);
                    }
                }
            }
            default -> {                                                                       // several at once
                for (int k = 0; k < 1 + random.nextInt(8) && p.length > 0; k++) {
                    p[random.nextInt(p.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return p;
    }

    private static byte[] bytes(StunWriter w) {
        return Arrays.copyOf(w.buffer(), w.length());
    }
}
