package dev.rendezvous.web;

import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of every page and answer: scripts, styles, images and connections from the
 * application's own origin only, no inline script or style, no {@code eval}, no plugins, no {@code <base>}, and no
 * framing. A page may open WebSockets to its own host: {@code connect-src} names {@code ws://} and {@code wss://}
 * for the request's Host, since {@code 'self'} covers them only in browsers that implement CSP level 3's rule.
 * WebRTC (STUN/TURN, data channels) is not governed by {@code connect-src}, so the demo room needs nothing more.
 */
public final class ContentSecurityPolicy {
    /**
     * A Host header CSP can name: a DNS name or IPv4 address, and a port. Anything else (IPv6 literals, which a CSP
     * host-source cannot express, and every character that could end the header's directive) leaves the policy
     * with {@code 'self'} alone.
     */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})(?::[0-9]{1,5})?");
    private static final String FIXED = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    /**
     * The last Host header and its policy: nearly every request names the same host, so it is answered without
     * matching or building the policy again. One entry, swapped whole, so it never grows and needs no lock.
     */
    private static volatile Last last = new Last("", FIXED);

    private record Last(String hostHeader, String policy) {
    }

    private ContentSecurityPolicy() {
    }

    /** The policy for a request that carried {@code hostHeader} (null when it had none). */
    public static String forHost(String hostHeader) {
        if (hostHeader == null) {
            return FIXED;
        }
        Last cached = last;
        if (cached.hostHeader().equals(hostHeader)) {
            return cached.policy();
        }
        String policy = build(hostHeader);
        last = new Last(hostHeader, policy);
        return policy;
    }

    private static String build(String hostHeader) {
        if (!HOST.matcher(hostHeader).matches()) {
            return FIXED;
        }
        String host = hostHeader.toLowerCase(java.util.Locale.ROOT);
        return FIXED + " ws://" + host + " wss://" + host;
    }
}
