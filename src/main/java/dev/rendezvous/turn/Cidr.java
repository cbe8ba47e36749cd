package dev.rendezvous.turn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefixLength) {

    /** Parses a literal address block; host names are not accepted (no DNS at configuration time). */
    public static Optional<Cidr> parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || !(address.indexOf(':') >= 0 || address.matches("[0-9.]+"))) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address.replace("[", "").replace("]", "")).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return prefix < 0 || prefix > max ? Optional.empty() : Optional.of(new Cidr(bytes, prefix));
    }

    static Cidr of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(text));
    }

    /** Whether {@code address} (4 or 16 bytes, same family) lies in this block. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }
}
