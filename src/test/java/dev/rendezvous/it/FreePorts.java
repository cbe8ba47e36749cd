package dev.rendezvous.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers a test starts: free on 127.0.0.1 for TCP and UDP alike (a TURN port is both), and taken
 * below the kernel's ephemeral range. A port the kernel handed out for port 0 is in that range, and so is every
 * socket bound to port 0 afterwards (clients, relays): such a socket could take the port in the seconds before the
 * test's server binds it ("Address already in use"). Below the range, only another explicit choice can, and this
 * JVM never hands out the same port twice.
 */
final class FreePorts {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port no socket on 127.0.0.1 holds now, for TCP or UDP, and not handed out before by this JVM. */
    static int next() {
        int below = ephemeralRangeStart();
        if (below - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 1_000; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                if (!HANDED_OUT.contains(port) && freeForTcpAndUdp(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        return fromTheKernel();
    }

    /** Where the ephemeral range could not be used: a port the kernel picks, checked for UDP too. */
    private static int fromTheKernel() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (freeForTcpAndUdp(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free for TCP and UDP on 127.0.0.1 after 100 tries");
    }

    private static boolean freeForTcpAndUdp(int port) {
        try (ServerSocket tcp = new ServerSocket(port, 1, LOOPBACK);
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Linux's first ephemeral port (32768 unless changed); elsewhere the IANA range's, 49152. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 49_152;
        }
    }
}
