package dev.rendezvous.auth;

import dev.rendezvous.config.ConfigReader;
import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.InvalidConfigurationException;
import dev.rendezvous.turn.Cidr;

import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which address a request comes from when load balancers stand in front of the server. The socket's peer is the
 * client, unless it lies in {@code rendezvous.trusted-proxies}: then the forwarding headers it sent say who is
 * (RFC 7239 {@code Forwarded}, else {@code X-Forwarded-For}), read from the right and skipping further trusted
 * proxies. Headers from anyone else are ignored, so a client cannot claim another address.
 */
public final class TrustedProxies {
    public static final String KEY = "rendezvous.trusted-proxies";

    private final List<Cidr> trusted;

    public TrustedProxies(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    public static TrustedProxies read(ConfigSource source) {
        List<Cidr> blocks = new ArrayList<>();
        for (String entry : new ConfigReader(source).list(KEY)) {
            blocks.add(Cidr.parse(entry).orElseThrow(() ->
                    new InvalidConfigurationException(KEY, "'" + entry + "' is not an address block like 10.0.0.0/8")));
        }
        return new TrustedProxies(blocks);
    }

    /** The address {@code request} comes from. */
    public String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trusted.isEmpty()) {
            return peer;
        }
        return clientAddress(peer, Collections.list(request.getHeaders("Forwarded")),
                Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    /**
     * @param peer          the socket's remote address
     * @param forwarded     the values of the {@code Forwarded} headers, in order
     * @param xForwardedFor the values of the {@code X-Forwarded-For} headers, in order
     * @return the client's address, as text
     */
    public String clientAddress(String peer, List<String> forwarded, List<String> xForwardedFor) {
        if (trusted.isEmpty() || !isTrusted(address(peer).orElse(null))) {
            return peer;
        }
        List<String> hops = !forwarded.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<byte[]> hop = address(hops.get(i));
            if (hop.isEmpty()) {
                return client; // "unknown" or an obfuscated name: the last proxy we trust is as far as we know
            }
            client = text(hop.get());
            if (!isTrusted(hop.get())) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(byte[] address) {
        return address != null && trusted.stream().anyMatch(block -> block.contains(address));
    }

    /** The {@code for=} values of RFC 7239 elements, in order. */
    private static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String element : split(headers)) {
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    hops.add(pair.substring(eq + 1).trim());
                }
            }
        }
        return hops;
    }

    private static List<String> split(List<String> headers) {
        List<String> parts = new ArrayList<>();
        for (String header : headers) {
            for (String part : header.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
        }
        return parts;
    }

    /** An IP literal, possibly quoted, bracketed or with a port; never a host name (no DNS lookups). */
    private static Optional<byte[]> address(String hop) {
        String text = hop.startsWith("\"") && hop.endsWith("\"") && hop.length() > 1 ? hop.substring(1, hop.length() - 1) : hop;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            text = close < 0 ? text : text.substring(1, close);
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
            text = text.substring(0, text.indexOf(':')); // IPv4 with a port
        }
        return Cidr.parse(text).filter(c -> c.prefixLength() == c.network().length * 8).map(Cidr::network);
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
