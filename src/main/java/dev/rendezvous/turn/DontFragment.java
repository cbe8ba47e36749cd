package dev.rendezvous.turn;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.DatagramChannel;

/**
 * DONT-FRAGMENT (RFC 8656 section 14.8): sets the DF bit on a relay socket. The socket option exists from Java 19
 * on ({@code jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT}); on an older runtime the attribute is unsupported
 * and an Allocate carrying it gets 420, as the RFC asks of such servers.
 */
final class DontFragment {
    private static final SocketOption<Boolean> OPTION = lookup();

    private DontFragment() {
    }

    static boolean supported() {
        return OPTION != null;
    }

    /** @return false when the socket refused the option (the Allocate then fails with 420 too) */
    static boolean set(DatagramChannel relay) {
        try {
            relay.setOption(OPTION, true);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Boolean> lookup() {
        try {
            return (SocketOption<Boolean>) Class.forName("jdk.net.ExtendedSocketOptions").getField("IP_DONTFRAGMENT").get(null);
        } catch (ReflectiveOperationException | ClassCastException notOnThisRuntime) {
            return null;
        }
    }
}
