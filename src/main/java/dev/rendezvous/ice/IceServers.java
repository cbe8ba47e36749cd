package dev.rendezvous.ice;

import dev.rendezvous.auth.RestCredentials;
import dev.rendezvous.config.IceSettings;
import dev.rendezvous.tracker.wire.BinaryString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Mints ephemeral TURN credentials (the TURN REST API: username {@code <expiry>:<user>}, password
 * base64(HMAC-SHA1(secret, username))) and lists the URIs a browser needs, in the REST API's fields and in the
 * {@code RTCIceServer} shape.
 */
public final class IceServers {

    /** The JSON answer. */
    public record Answer(String username, String password, long ttl, List<String> uris, List<IceServer> iceServers) {
    }

    /** One {@code RTCIceServer}; STUN entries have no credentials (null fields are left out of the JSON). */
    public record IceServer(List<String> urls, String username, String credential) {
    }

    /** Where the server is reached: host (bracketed when IPv6), the STUN/TURN port, and the TLS port or 0. */
    public record Endpoint(String host, int port, int tlsPort) {
    }

    private IceServers() {
    }

    public static Answer mint(Endpoint endpoint, String secret, String user, long ttlSeconds, long nowEpochSeconds) {
        String username = RestCredentials.username(nowEpochSeconds + ttlSeconds, user);
        String password = RestCredentials.password(secret.getBytes(StandardCharsets.UTF_8), username);
        String stun = "stun:" + endpoint.host() + ":" + endpoint.port();
        List<String> turn = new ArrayList<>(List.of(
                "turn:" + endpoint.host() + ":" + endpoint.port() + "?transport=udp",
                "turn:" + endpoint.host() + ":" + endpoint.port() + "?transport=tcp"));
        if (endpoint.tlsPort() > 0) {
            turn.add("turns:" + endpoint.host() + ":" + endpoint.tlsPort() + "?transport=tcp");
        }
        List<String> uris = new ArrayList<>();
        uris.add(stun);
        uris.addAll(turn);
        return new Answer(username, password, ttlSeconds, List.copyOf(uris),
                List.of(new IceServer(List.of(stun), null, null), new IceServer(List.copyOf(turn), username, password)));
    }

    /**
     * The user part for a peer: its peer_id as 40 lower-case hex digits, which the tracker gate reads back; given
     * as those 40 digits or as the 20-character peer_id itself. Empty when it is neither.
     */
    public static Optional<String> userFor(String peerId) {
        if (BinaryString.isHexId(peerId)) {
            return Optional.of(peerId.toLowerCase(java.util.Locale.ROOT));
        }
        if (BinaryString.isId(peerId)) {
            return Optional.of(BinaryString.toHex(peerId));
        }
        return Optional.empty();
    }

    /** A user part for credentials not bound to a peer. */
    public static String anonymousUser() {
        return "anonymous-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * The host part of a Host header ({@code example.com:9080}, {@code [::1]:9080}), or empty when it is missing or
     * not a plain host.
     */
    public static Optional<String> hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return Optional.empty();
        }
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? "" : host.substring(0, end + 1);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return IceSettings.HOST.matcher(host).matches() ? Optional.of(host) : Optional.empty();
    }
}
