package dev.rendezvous.turn;

import dev.rendezvous.auth.BanList;
import dev.rendezvous.auth.TurnAuthenticator;
import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.Fingerprint;
import dev.rendezvous.stun.MessageType;
import dev.rendezvous.stun.StunReader;
import dev.rendezvous.stun.StunWriter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Handles what clients send: STUN Binding, the TURN requests (Allocate, Refresh, CreatePermission,
 * ChannelBind, and RFC 6062's Connect and ConnectionBind), Send indications and ChannelData. Each listener thread passes its own {@link Scratch}, so the
 * handler keeps no per-thread state. Responses go back through the listener's {@link Responder}; relayed data
 * goes out of the allocation's relay socket.
 */
public final class TurnServer {
    static final long DEFAULT_LIFETIME = 600;
    static final long MAX_LIFETIME = 3600;
    private static final int UDP = 17;
    private static final int TCP = 6;
    /** What a request handler returns when the response is sent later (Connect waits for the peer). */
    private static final int ANSWERED_LATER = -1;
    private static final byte IPV4 = 0x01;
    private static final byte IPV6 = 0x02;

    private final TurnAuthenticator authenticator;
    private final AllocationManager allocations;
    private final PeerAddressPolicy policy;
    private final TurnMetrics metrics;
    private final BanList bans;

    public TurnServer(TurnAuthenticator authenticator, AllocationManager allocations, PeerAddressPolicy policy,
                      TurnMetrics metrics) {
        this(authenticator, allocations, policy, metrics, new BanList());
    }

    public TurnServer(TurnAuthenticator authenticator, AllocationManager allocations, PeerAddressPolicy policy,
                      TurnMetrics metrics, BanList bans) {
        this.authenticator = authenticator;
        this.allocations = allocations;
        this.policy = policy;
        this.metrics = metrics;
        this.bans = bans;
    }

    /** Per-thread working objects, reused for every packet. */
    public static final class Scratch {
        final StunReader reader = new StunReader();
        final StunWriter writer = new StunWriter(2048);
        final int[] unknown = new int[8];
        final RelayCounts counts = new RelayCounts();
        final byte[] ip = new byte[16];
        private byte[] viewArray;
        private ByteBuffer view;
        private InetSocketAddress lastPeer;
        private final byte[] lastPeerIp = new byte[16];
        private int lastPeerLength = -1;
        /** Where the last packet relayed to a peer went, until the listener takes it; null when none did. */
        private InetSocketAddress relayedTo;

        /** Where the packet just handled was relayed to, if it was: once, so that the next packet starts clean. */
        InetSocketAddress takeRelayedTo() {
            InetSocketAddress peer = relayedTo;
            relayedTo = null;
            return peer;
        }

        /** A view of {@code buf[off, off + len)} without allocating, once per listener buffer. */
        ByteBuffer view(byte[] buf, int off, int len) {
            if (viewArray != buf) {
                viewArray = buf;
                view = ByteBuffer.wrap(buf);
            }
            view.limit(off + len).position(off);
            return view;
        }

        /** The peer address of the XOR-PEER-ADDRESS at {@code index}, reusing the last one when it is the same. */
        InetSocketAddress peer(StunReader reader, int index) {
            int length = reader.xorAddress(index, ip);
            if (length < 0) {
                return null;
            }
            int port = reader.xorPort(index);
            if (length == lastPeerLength && lastPeer.getPort() == port && Arrays.equals(ip, 0, length, lastPeerIp, 0, length)) {
                return lastPeer;
            }
            try {
                lastPeer = new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOf(ip, length)), port);
            } catch (UnknownHostException impossible) {
                return null;
            }
            System.arraycopy(ip, 0, lastPeerIp, 0, length);
            lastPeerLength = length;
            return lastPeer;
        }
    }

    /** Where a packet came from: the listener's view of the 5-tuple. */
    public record Source(Transport transport, InetSocketAddress server, Map<InetSocketAddress, Allocation> index) {
    }

    /**
     * Called by a listener thread after each selector round: hands what it relayed to the metrics when due.
     *
     * @return how long the thread may wait in its next select (shorter while counts are pending)
     */
    public long flushCounts(Scratch scratch) {
        scratch.counts.flushIfDue(metrics, System.nanoTime());
        return scratch.counts.pending() ? RelayCounts.FLUSH_MILLIS : 1000;
    }

    /**
     * Handles one datagram or stream frame from {@code client}.
     *
     * @param responder how to answer clients of this listener
     */
    public void handle(Source source, InetSocketAddress client, byte[] buf, int off, int len, Responder responder,
                       Scratch scratch) {
        if (len >= 4 && (buf[off] & 0xC0) == 0x40) {
            channelData(source, client, buf, off, len, scratch);
            return;
        }
        StunReader reader = scratch.reader;
        if (reader.read(buf, off, len) != StunReader.Result.OK || !Fingerprint.validOrAbsent(reader)) {
            return; // not STUN, malformed, or a bad FINGERPRINT: silently discarded (RFC 8489 section 6.3)
        }
        int messageClass = reader.messageClass();
        if (messageClass == MessageType.INDICATION) {
            if (reader.method() == MessageType.SEND) {
                send(source, client, reader, scratch);
            }
            return;
        }
        if (messageClass != MessageType.REQUEST) {
            return;
        }
        StunWriter writer = scratch.writer;
        int unknownCount = reader.unknownComprehensionRequired(scratch.unknown);
        if (reader.method() == MessageType.ALLOCATE && DontFragment.supported()) {
            unknownCount = without(AttributeType.DONT_FRAGMENT, scratch.unknown, unknownCount);
        }
        if (unknownCount > 0) {
            writer.beginResponse(reader, false).errorCode(420, "Unknown Attribute")
                    .unknownAttributes(scratch.unknown, unknownCount);
            respond(reader, writer, null, false, responder, client);
            return;
        }
        switch (reader.method()) {
            case MessageType.BINDING -> binding(client, reader, writer, responder);
            case MessageType.ALLOCATE, MessageType.REFRESH, MessageType.CREATE_PERMISSION, MessageType.CHANNEL_BIND,
                 MessageType.CONNECT, MessageType.CONNECTION_BIND -> authenticated(source, client, reader, writer, responder);
            default -> {
                writer.beginResponse(reader, false).errorCode(400, "Bad Request");
                respond(reader, writer, null, false, responder, client);
            }
        }
    }

    private void binding(InetSocketAddress client, StunReader reader, StunWriter writer, Responder responder) {
        metrics.bindingRequest();
        writer.beginResponse(reader, true).xorAddress(AttributeType.XOR_MAPPED_ADDRESS, client);
        respond(reader, writer, null, false, responder, client);
    }

    private void authenticated(Source source, InetSocketAddress client, StunReader reader, StunWriter writer,
                               Responder responder) {
        FiveTuple fiveTuple = new FiveTuple(source.transport(), client, source.server());
        String clientKey = fiveTuple.clientKey();
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        TurnAuthenticator.Outcome auth = authenticator.authenticate(reader, clientKey, nowMillis, nowNanos);
        if (!auth.ok()) {
            metrics.authFailure(auth.failure());
            if (auth.failure() == TurnAuthenticator.Failure.RATE_LIMITED) {
                return; // a source past its limit gets no answer: no more 401s than the limit allows, nothing to reflect
            }
            writer.beginResponse(reader, false).errorCode(auth.failure().code(), reason(auth.failure().code()));
            if (auth.failure().code() != 400) {
                writer.string(AttributeType.REALM, authenticator.realm())
                        .string(AttributeType.NONCE, authenticator.nonce(clientKey, nowMillis))
                        .attribute(AttributeType.PASSWORD_ALGORITHMS, authenticator.passwordAlgorithms());
            }
            respond(reader, writer, null, false, responder, client);
            return;
        }
        int error = switch (reader.method()) {
            case MessageType.ALLOCATE -> allocate(fiveTuple, auth, reader, writer, responder, nowNanos);
            case MessageType.REFRESH -> refresh(fiveTuple, reader, writer, nowNanos);
            case MessageType.CREATE_PERMISSION -> createPermission(fiveTuple, reader, writer, nowNanos);
            case MessageType.CONNECT -> connect(fiveTuple, reader, auth, responder);
            case MessageType.CONNECTION_BIND -> connectionBind(fiveTuple, auth.user(), reader, writer, responder);
            default -> channelBind(fiveTuple, reader, writer, nowNanos);
        };
        if (error == ANSWERED_LATER) {
            return;
        }
        if (error != 0) {
            writer.beginResponse(reader, false).errorCode(error, reason(error));
        }
        respond(reader, writer, auth.key(), auth.sha256Integrity(), responder, client);
    }

    /** @return 0 after writing a success response, else the error code */
    private int allocate(FiveTuple fiveTuple, TurnAuthenticator.Outcome auth, StunReader reader, StunWriter writer,
                         Responder responder, long nowNanos) {
        if (allocations.find(fiveTuple) != null) {
            return 437;
        }
        if (bans.any() && bans.refusesAddress(fiveTuple.clientKey(), System.currentTimeMillis())) {
            return 403; // the operator banned this source
        }
        long transport = transportProtocol(reader);
        if (transport < 0) {
            return 400;
        }
        if (transport != UDP && transport != TCP) {
            return 442;
        }
        int requested = family(reader, AttributeType.REQUESTED_ADDRESS_FAMILY);
        int additional = family(reader, AttributeType.ADDITIONAL_ADDRESS_FAMILY);
        if (requested == -1 || additional == -1 || (requested != 0 && additional != 0)
                || (additional != 0 && additional != IPV6)) {
            return 400;
        }
        if ((requested != 0 && requested != IPV4 && requested != IPV6) || (requested == IPV6 && !allocations.ipv6())) {
            return 440;
        }
        boolean dualStack = additional == IPV6 && allocations.ipv6();
        AllocationManager.PortRequest ports;
        if (transport == TCP) {
            // RFC 6062 section 5.1: TCP relays are asked for over TCP or TLS, and take no UDP-only attributes
            if (responder.stream() == null || additional != 0 || reader.has(AttributeType.EVEN_PORT)
                    || reader.has(AttributeType.RESERVATION_TOKEN) || reader.has(AttributeType.DONT_FRAGMENT)) {
                return 400;
            }
            ports = AllocationManager.PortRequest.tcp(requested == IPV6);
        } else {
            ports = portRequest(reader, requested == IPV6, dualStack);
        }
        if (ports == null) {
            return 400;
        }
        QuotaOwner owner = auth.ephemeral() ? QuotaOwner.restPeer(auth.user())
                : QuotaOwner.staticUser(auth.user(), fiveTuple.client().getAddress());
        AllocationManager.Created created = allocations.create(fiveTuple, auth.user(), owner,
                lifetime(reader, DEFAULT_LIFETIME), nowNanos, ports);
        if (created.refusal() != null) {
            if (created.refusal() == AllocationManager.Refusal.QUOTA) {
                metrics.quotaRejected();
            }
            return created.refusal().code();
        }
        Allocation allocation = created.allocation();
        if (reader.has(AttributeType.DONT_FRAGMENT)) {
            for (DatagramChannel relay : allocation.relays()) {
                if (!DontFragment.set(relay)) {
                    allocations.delete(allocation);
                    return 420;
                }
            }
        }
        allocation.link(responder.linkTo(fiveTuple.client()));
        if (ports.tcp()) {
            responder.stream().listen(allocation);
        } else {
            responder.watchRelays(allocation);
        }
        metrics.allocationCreated();
        writer.beginResponse(reader, true);
        for (InetSocketAddress relayed : allocation.relayAddresses()) {
            writer.xorAddress(AttributeType.XOR_RELAYED_ADDRESS, relayed);
        }
        writer.u32(AttributeType.LIFETIME, lifetime(reader, DEFAULT_LIFETIME))
                .xorAddress(AttributeType.XOR_MAPPED_ADDRESS, fiveTuple.client());
        if (additional == IPV6 && !dualStack) {
            // IPv6 relays are off: the IPv4 relay is granted, and the IPv6 part is refused in ADDRESS-ERROR-CODE
            // (RFC 8656 section 7.2) so that the client knows.
            writer.attribute(AttributeType.ADDRESS_ERROR_CODE, new byte[]{IPV6, 0, 4, 40,
                    'A', 'd', 'd', 'r', 'e', 's', 's', ' ', 'F', 'a', 'm', 'i', 'l', 'y', ' ', 'n', 'o', 't', ' ',
                    'S', 'u', 'p', 'p', 'o', 'r', 't', 'e', 'd'});
        }
        if (created.reservationToken() != 0) {
            byte[] token = new byte[8];
            long value = created.reservationToken();
            for (int i = 7; i >= 0; i--, value >>>= 8) {
                token[i] = (byte) value;
            }
            writer.attribute(AttributeType.RESERVATION_TOKEN, token);
        }
        return 0;
    }

    /** Removes {@code type} from the first {@code count} entries of {@code types}; returns the new count. */
    private static int without(int type, int[] types, int count) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (types[i] != type) {
                types[kept++] = types[i];
            }
        }
        return kept;
    }

    /** The family byte of a REQUESTED/ADDITIONAL-ADDRESS-FAMILY attribute: 0 when absent, -1 when malformed. */
    private static int family(StunReader reader, int attributeType) {
        int index = reader.find(attributeType);
        if (index < 0) {
            return 0;
        }
        return reader.valueLength(index) == 4 ? reader.buffer()[reader.valueOffset(index)] : -1;
    }

    /** EVEN-PORT (with its R bit) or RESERVATION-TOKEN; null when malformed or both are present (400). */
    private static AllocationManager.PortRequest portRequest(StunReader reader, boolean ipv6, boolean dualStack) {
        int even = reader.find(AttributeType.EVEN_PORT);
        int token = reader.find(AttributeType.RESERVATION_TOKEN);
        if (even >= 0 && token >= 0) {
            return null;
        }
        if (even >= 0) {
            if (reader.valueLength(even) != 1) {
                return null;
            }
            boolean reserve = (reader.buffer()[reader.valueOffset(even)] & 0x80) != 0;
            return AllocationManager.PortRequest.udp(ipv6, dualStack, true, reserve, 0);
        }
        if (token >= 0) {
            if (reader.valueLength(token) != 8) {
                return null;
            }
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (reader.buffer()[reader.valueOffset(token) + i] & 0xFF);
            }
            return value == 0 ? null : AllocationManager.PortRequest.udp(ipv6, dualStack, false, false, value);
        }
        return AllocationManager.PortRequest.udp(ipv6, dualStack, false, false, 0);
    }

    private int refresh(FiveTuple fiveTuple, StunReader reader, StunWriter writer, long nowNanos) {
        Allocation allocation = allocations.find(fiveTuple);
        if (allocation == null) {
            return 437;
        }
        long lifetime = lifetime(reader, DEFAULT_LIFETIME);
        if (reader.u32Value(AttributeType.LIFETIME) == 0) {
            allocations.delete(allocation);
            lifetime = 0;
        } else {
            allocation.refresh(nowNanos, lifetime);
        }
        writer.beginResponse(reader, true).u32(AttributeType.LIFETIME, lifetime);
        return 0;
    }

    private int createPermission(FiveTuple fiveTuple, StunReader reader, StunWriter writer, long nowNanos) {
        Allocation allocation = allocations.find(fiveTuple);
        if (allocation == null) {
            return 437;
        }
        List<InetSocketAddress> peers = new ArrayList<>(2);
        for (int i = 0; i < reader.attributeCount(); i++) {
            if (reader.attributeType(i) == AttributeType.XOR_PEER_ADDRESS) {
                InetSocketAddress peer = reader.xorAddressAt(i);
                int error = checkPeer(allocation, peer);
                if (error != 0) {
                    return error;
                }
                peers.add(peer);
            }
        }
        if (peers.isEmpty()) {
            return 400;
        }
        for (InetSocketAddress peer : peers) {
            if (!allocation.permit(peer.getAddress(), nowNanos)) {
                metrics.quotaRejected();
                return 508;
            }
        }
        writer.beginResponse(reader, true);
        return 0;
    }

    /** RFC 6062 section 5.2: a connection to {@code XOR-PEER-ADDRESS} from the relayed address, answered once made. */
    private int connect(FiveTuple fiveTuple, StunReader reader, TurnAuthenticator.Outcome auth, Responder responder) {
        Allocation allocation = allocations.find(fiveTuple);
        if (allocation == null) {
            return 437;
        }
        int peerIndex = reader.find(AttributeType.XOR_PEER_ADDRESS);
        if (allocation.tcpRelay() == null || responder.stream() == null || peerIndex < 0) {
            return 400;
        }
        InetSocketAddress peer = reader.xorAddressAt(peerIndex);
        int error = checkPeer(allocation, peer);
        if (error != 0) {
            return error;
        }
        error = responder.stream().connect(allocation, peer, DeferredResponse.of(reader, auth.key(), auth.sha256Integrity()));
        return error == 0 ? ANSWERED_LATER : error;
    }

    /** RFC 6062 section 5.4: this new connection becomes the client's end of the peer connection CONNECTION-ID names. */
    private int connectionBind(FiveTuple fiveTuple, String user, StunReader reader, StunWriter writer, Responder responder) {
        long connectionId = reader.u32Value(AttributeType.CONNECTION_ID);
        if (responder.stream() == null || connectionId < 0 || allocations.find(fiveTuple) != null) {
            return 400;
        }
        int error = responder.stream().bind((int) connectionId, user);
        if (error != 0) {
            return error;
        }
        writer.beginResponse(reader, true);
        return 0;
    }

    /** Answers a Connect once its peer connection succeeded ({@code error} 0, with its CONNECTION-ID) or failed. */
    void answer(DeferredResponse request, int error, int connectionId, ClientLink link, Scratch scratch) {
        StunWriter writer = scratch.writer;
        writer.begin(MessageType.of(request.method(), error == 0 ? MessageType.SUCCESS : MessageType.ERROR),
                request.transactionId(), 0);
        if (error == 0) {
            writer.u32(AttributeType.CONNECTION_ID, connectionId & 0xFFFF_FFFFL);
        } else {
            writer.errorCode(error, reason(error));
        }
        sign(writer, request.key(), request.sha256(), request.fingerprint());
        link.send(ByteBuffer.wrap(writer.buffer(), 0, writer.length()));
    }

    /** Tells the client that {@code peer} connected to its relayed address (RFC 6062 section 5.3). */
    void connectionAttempt(ClientLink control, InetSocketAddress peer, int connectionId, Scratch scratch) {
        byte[] transactionId = new byte[StunReader.TRANSACTION_ID_LENGTH];
        ThreadLocalRandom.current().nextBytes(transactionId);
        StunWriter writer = scratch.writer;
        writer.begin(MessageType.of(MessageType.CONNECTION_ATTEMPT, MessageType.INDICATION), transactionId, 0)
                .xorAddress(AttributeType.XOR_PEER_ADDRESS, peer)
                .u32(AttributeType.CONNECTION_ID, connectionId & 0xFFFF_FFFFL);
        control.send(ByteBuffer.wrap(writer.buffer(), 0, writer.length()));
    }

    /** @return 0 once a response is written (a success, or a 400 naming the conflict), else the error code */
    private int channelBind(FiveTuple fiveTuple, StunReader reader, StunWriter writer, long nowNanos) {
        Allocation allocation = allocations.find(fiveTuple);
        if (allocation == null) {
            return 437;
        }
        if (allocation.tcpRelay() != null) {
            return 400; // channels carry UDP relaying only
        }
        long channelValue = reader.u32Value(AttributeType.CHANNEL_NUMBER);
        int peerIndex = reader.find(AttributeType.XOR_PEER_ADDRESS);
        int number = (int) (channelValue >>> 16);
        if (channelValue < 0 || peerIndex < 0 || !ChannelBinding.validNumber(number)) {
            return 400;
        }
        InetSocketAddress peer = reader.xorAddressAt(peerIndex);
        int error = checkPeer(allocation, peer);
        if (error != 0) {
            return error;
        }
        switch (allocation.bind(number, peer, nowNanos)) {
            case BOUND -> allocation.permitForChannel(peer.getAddress(), nowNanos);
            case QUOTA -> {
                metrics.quotaRejected();
                return 508;
            }
            case NUMBER_BOUND_TO_OTHER_PEER -> {
                return badRequest(reader, writer, "Channel Number Bound to Another Peer");
            }
            case PEER_BOUND_TO_OTHER_NUMBER -> {
                return badRequest(reader, writer, "Peer Bound to Another Channel Number");
            }
        }
        writer.beginResponse(reader, true);
        return 0;
    }

    /** Writes a 400 whose reason names the rule the request broke. @return 0, as the response is written */
    private static int badRequest(StunReader reader, StunWriter writer, String reason) {
        writer.beginResponse(reader, false).errorCode(400, reason);
        return 0;
    }

    /** @return 0 if the client may reach {@code peer} from this allocation, else 400, 403 or 443 */
    private int checkPeer(Allocation allocation, InetSocketAddress peer) {
        if (peer == null) {
            return 400;
        }
        if (!allocation.reaches(peer.getAddress())) {
            return 443;
        }
        PeerAddressPolicy.Denial denial = policy.check(peer);
        if (denial != null) {
            metrics.permissionDenied(denial);
            return 403;
        }
        return 0;
    }

    private void send(Source source, InetSocketAddress client, StunReader reader, Scratch scratch) {
        Allocation allocation = source.index().get(client);
        int peerIndex = reader.find(AttributeType.XOR_PEER_ADDRESS);
        int dataIndex = reader.find(AttributeType.DATA);
        if (allocation == null || peerIndex < 0 || dataIndex < 0) {
            return;
        }
        InetSocketAddress peer = scratch.peer(reader, peerIndex);
        long now = System.nanoTime();
        if (peer == null || !allocation.permitted(peer.getAddress(), now)) {
            return;
        }
        relay(allocation, scratch.view(reader.buffer(), reader.valueOffset(dataIndex), reader.valueLength(dataIndex)), peer,
                scratch, now);
    }

    /**
     * Relays one ChannelData message a UDP client sent, straight from the listener's receive buffer: {@code frame}
     * holds it from position 0 to its limit (the datagram's length). Its position and limit are changed.
     */
    public void channelData(Source source, InetSocketAddress client, ByteBuffer frame, Scratch scratch) {
        int number = frame.getShort(0) & 0xFFFF;
        int length = frame.getShort(2) & 0xFFFF;
        if (4 + length > frame.limit()) {
            return;
        }
        channelData(source, client, number, frame.limit(4 + length).position(4), scratch);
    }

    private void channelData(Source source, InetSocketAddress client, byte[] buf, int off, int len, Scratch scratch) {
        int number = ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
        int length = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        if (4 + length > len) {
            return;
        }
        channelData(source, client, number, scratch.view(buf, off + 4, length), scratch);
    }

    private void channelData(Source source, InetSocketAddress client, int number, ByteBuffer data, Scratch scratch) {
        Allocation allocation = source.index().get(client);
        if (allocation == null) {
            return;
        }
        long now = System.nanoTime();
        InetSocketAddress peer = allocation.channelPeer(number, now);
        if (peer == null || !allocation.permitted(peer.getAddress(), now)) {
            return; // an unbound channel, or an expired permission: dropped (RFC 8656 section 12.4)
        }
        relay(allocation, data, peer, scratch, now);
    }

    private void relay(Allocation allocation, ByteBuffer data, InetSocketAddress peer, Scratch scratch, long nowNanos) {
        int bytes = data.remaining();
        if (!allocation.mayRelayToPeers(bytes, nowNanos)) {
            metrics.rateLimited();
            return;
        }
        DatagramChannel relay = allocation.relayFor(peer.getAddress());
        if (relay == null) {
            return;
        }
        try {
            if (relay.send(data, peer) > 0) {
                scratch.counts.toPeer(bytes);
                scratch.relayedTo = peer;
                allocation.relayedToPeer(bytes);
            }
        } catch (IOException e) {
            // an unreachable peer or a closed allocation: UDP relaying is best effort
        }
    }

    private static long transportProtocol(StunReader reader) {
        long value = reader.u32Value(AttributeType.REQUESTED_TRANSPORT);
        return value < 0 ? -1 : value >>> 24;
    }

    /** The granted lifetime: the requested one capped at 3600 s, or {@code fallback} when none was asked. */
    private static long lifetime(StunReader reader, long fallback) {
        long requested = reader.u32Value(AttributeType.LIFETIME);
        return requested < 0 ? fallback : Math.min(requested, MAX_LIFETIME);
    }

    private void respond(StunReader request, StunWriter writer, byte[] key, boolean sha256, Responder responder,
                         InetSocketAddress client) {
        sign(writer, key, sha256, request.has(AttributeType.FINGERPRINT));
        responder.send(client, ByteBuffer.wrap(writer.buffer(), 0, writer.length()));
    }

    /** Ends a response: MESSAGE-INTEGRITY(-SHA256) when authenticated, FINGERPRINT when the request had one. */
    private static void sign(StunWriter writer, byte[] key, boolean sha256, boolean fingerprint) {
        if (key != null && sha256) {
            writer.messageIntegritySha256(key);
        } else if (key != null) {
            writer.messageIntegrity(key);
        }
        if (fingerprint) {
            writer.fingerprint();
        }
    }

    private static String reason(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 420 -> "Unknown Attribute";
            case 437 -> "Allocation Mismatch";
            case 438 -> "Stale Nonce";
            case 440 -> "Address Family not Supported";
            case 442 -> "Unsupported Transport Protocol";
            case 443 -> "Peer Address Family Mismatch";
            case 446 -> "Connection Already Exists";
            case 447 -> "Connection Timeout or Failure";
            case 486 -> "Allocation Quota Reached";
            case 508 -> "Insufficient Capacity";
            default -> "Error";
        };
    }
}
