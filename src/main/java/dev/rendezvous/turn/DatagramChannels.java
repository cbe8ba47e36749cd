package dev.rendezvous.turn;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.Locale;

/** Opening UDP sockets. */
final class DatagramChannels {
    private DatagramChannels() {
    }

    /** Whether this JVM runs on Linux, whose UDP behaviour client sockets and the native read rely on. */
    static boolean onLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * A socket for binding to {@code address}: an IPv4 one for an IPv4 address, so that its packets take the kernel's
     * IPv4 path rather than IPv6 with mapped addresses (measurably cheaper per packet), else the default.
     */
    static DatagramChannel openFor(InetAddress address) throws IOException {
        return address instanceof Inet4Address ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
    }
}
