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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without IPv6 relays, a dual-stack Allocate gets its IPv4 relay and an ADDRESS-ERROR-CODE 440 for IPv6. */
class DualStackFallbackTest {

    @Test
    void ipv4RelayPlusAddressErrorWhenIpv6IsOff() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress server = new InetSocketAddress(loopback, 3478);
        InetSocketAddress client = new InetSocketAddress(loopback, 40002);
        AllocationManager allocations = new AllocationManager(new AllocationManager.Limits(5, 5, 4, 4, 51000, 51999, loopback, loopback));
        CountingTurnMetrics metrics = new CountingTurnMetrics();
        TurnAuthenticator auth = new TurnAuthenticator("r", Map.of("u", "p"), List.of(), new NonceService(600_000),
                new SourceLimiter(10, TimeUnit.MINUTES.toNanos(1), 10));
        TurnServer turn = new TurnServer(auth, allocations, new PeerAddressPolicy(true, false, List.of(), List.of(), List.of()),
                metrics);
        byte[][] answer = new byte[1][];
        Responder responder = new Responder() {
            @Override
            public void send(InetSocketAddress to, ByteBuffer message) {
                answer[0] = new byte[message.remaining()];
                message.get(answer[0]);
            }

            @Override
            public ClientLink linkTo(InetSocketAddress to) {
                return m -> { };
            }

            @Override
            public void watchRelays(Allocation allocation) {
                // relayed data is not part of this test
            }
        };
        String nonce = auth.nonce(new FiveTuple(Transport.UDP, client, server).clientKey(), System.currentTimeMillis());
        StunWriter w = new StunWriter(512).begin(MessageType.of(MessageType.ALLOCATE, MessageType.REQUEST), new byte[12], 0)
                .u32(AttributeType.REQUESTED_TRANSPORT, 17L << 24).u32(AttributeType.ADDITIONAL_ADDRESS_FAMILY, 0x02L << 24)
                .string(AttributeType.USERNAME, "u").string(AttributeType.REALM, "r").string(AttributeType.NONCE, nonce)
                .messageIntegrity(LongTermKey.derive("u", "r", "p").orElseThrow());
        byte[] request = Arrays.copyOf(w.buffer(), w.length());
        turn.handle(new TurnServer.Source(Transport.UDP, server, allocations.index(Transport.UDP, server)), client,
                request, 0, request.length, responder, new TurnServer.Scratch());

        StunReader reply = new StunReader();
        assertEquals(StunReader.Result.OK, reply.read(answer[0], 0, answer[0].length));
        assertEquals(MessageType.SUCCESS, reply.messageClass());
        assertEquals(loopback, reply.xorAddress(AttributeType.XOR_RELAYED_ADDRESS).getAddress());
        int error = reply.find(AttributeType.ADDRESS_ERROR_CODE);
        assertTrue(error >= 0);
        assertEquals(0x02, answer[0][reply.valueOffset(error)]);
        assertEquals(440, answer[0][reply.valueOffset(error) + 2] * 100 + answer[0][reply.valueOffset(error) + 3]);
        allocations.deleteAll();
    }
}
