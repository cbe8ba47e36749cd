package dev.rendezvous.turn;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which peers a client may reach through the relay (CreatePermission, ChannelBind, Send, Connect). A TURN
 * server relays to any address a client names, so by default it refuses the inside: loopback, private,
 * shared, link-local (cloud metadata), multicast and reserved ranges, and the server's own listeners. IPv6
 * forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by that address.
 * Order: {@code denied} blocks win, then {@code allowed} blocks, then the built-in ranges.
 */
public final class PeerAddressPolicy {

    /** Why a peer was refused; the tag of the permission-denial metric. */
    public enum Denial {
        CONFIGURED("configured"), LOOPBACK("loopback"), PRIVATE("private"), LINK_LOCAL("link_local"),
        MULTICAST("multicast"), RESERVED("reserved"), OWN_ADDRESS("own_address");

        private final String tag;

        Denial(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private record Range(Cidr block, Denial reason) {
    }

    private static final List<Range> BUILT_IN = List.of(
            range("0.0.0.0/8", Denial.RESERVED),
            range("127.0.0.0/8", Denial.LOOPBACK),
            range("10.0.0.0/8", Denial.PRIVATE),
            range("172.16.0.0/12", Denial.PRIVATE),
            range("192.168.0.0/16", Denial.PRIVATE),
            range("100.64.0.0/10", Denial.PRIVATE),
            range("169.254.0.0/16", Denial.LINK_LOCAL),
            range("224.0.0.0/4", Denial.MULTICAST),
            range("240.0.0.0/4", Denial.RESERVED),
            range("::/128", Denial.RESERVED),
            range("::1/128", Denial.LOOPBACK),
            range("fe80::/10", Denial.LINK_LOCAL),
            range("fc00::/7", Denial.PRIVATE),
            range("ff00::/8", Denial.MULTICAST));

    private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");
    private static final Cidr TEREDO = Cidr.of("2001::/32");

    private final boolean allowLoopback;
    private final boolean allowPrivate;
    private final List<Cidr> allowed;
    private final List<Cidr> denied;
    private final List<InetSocketAddress> ownListeners;

    public PeerAddressPolicy(boolean allowLoopback, boolean allowPrivate, List<Cidr> allowed, List<Cidr> denied,
                             List<InetSocketAddress> ownListeners) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
        this.allowed = List.copyOf(allowed);
        this.denied = List.copyOf(denied);
        this.ownListeners = List.copyOf(ownListeners);
    }

    /** @return null if the peer may be reached, else why not */
    public Denial check(InetSocketAddress peer) {
        byte[] raw = peer.getAddress().getAddress();
        List<byte[]> forms = forms(raw);
        for (byte[] form : forms) {
            if (matchesAny(denied, form)) {
                return Denial.CONFIGURED;
            }
        }
        for (InetSocketAddress own : ownListeners) {
            if (own.getPort() == peer.getPort() && (own.getAddress().isAnyLocalAddress()
                    || forms.stream().anyMatch(f -> Arrays.equals(f, own.getAddress().getAddress())))) {
                return Denial.OWN_ADDRESS;
            }
        }
        boolean explicitlyAllowed = forms.stream().anyMatch(f -> matchesAny(allowed, f));
        if (explicitlyAllowed) {
            return null;
        }
        for (byte[] form : forms) {
            for (Range range : BUILT_IN) {
                if (range.block.contains(form) && !switchedOff(range.reason)) {
                    return range.reason;
                }
            }
        }
        return null;
    }

    private boolean switchedOff(Denial reason) {
        return (reason == Denial.LOOPBACK && allowLoopback) || (reason == Denial.PRIVATE && allowPrivate);
    }

    /** The address itself and every IPv4 address an IPv6 form embeds. */
    static List<byte[]> forms(byte[] address) {
        List<byte[]> forms = new ArrayList<>(3);
        forms.add(address);
        if (address.length != 16) {
            return forms;
        }
        boolean first80Zero = allZero(address, 0, 10);
        if (first80Zero && (address[10] & 0xFF) == 0xFF && (address[11] & 0xFF) == 0xFF) {
            forms.add(Arrays.copyOfRange(address, 12, 16));                    // ::ffff:a.b.c.d
        } else if (first80Zero && address[10] == 0 && address[11] == 0 && !allZero(address, 12, 15)) {
            forms.add(Arrays.copyOfRange(address, 12, 16));                    // ::a.b.c.d (compatible)
        }
        if (NAT64.contains(address)) {
            forms.add(Arrays.copyOfRange(address, 12, 16));                    // 64:ff9b::a.b.c.d
        }
        if (SIX_TO_FOUR.contains(address)) {
            forms.add(Arrays.copyOfRange(address, 2, 6));                      // 2002:AABB:CCDD::
        }
        if (TEREDO.contains(address)) {
            forms.add(Arrays.copyOfRange(address, 4, 8));                      // Teredo server
            byte[] client = Arrays.copyOfRange(address, 12, 16);               // client, bits inverted
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            forms.add(client);
        }
        return forms;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(List<Cidr> blocks, byte[] address) {
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Range range(String block, Denial reason) {
        return new Range(Cidr.of(block), reason);
    }
}
