package dev.rendezvous.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's aria2c (1.36) as a third, independent BitTorrent client: it downloads a torrent into a directory and exits
 * (0 when the download completed and its pieces' hashes checked). Everything on 127.0.0.1: its peer port, and for UDP
 * trackers its DHT socket (aria2 sends UDP tracker requests only from the DHT socket, so UDP needs DHT on; with no
 * routing table file and no entry point it contacts no DHT node).
 */
final class Aria2 {
    private Aria2() {
    }

    record Download(int exitCode, String output, Path file, Duration took) {
    }

    static Download download(Path torrent, Path into, boolean udpTracker, Duration timeout) throws Exception {
        Files.createDirectories(into);
        List<String> command = new ArrayList<>(List.of("aria2c", "--no-conf=true",
                "--dir=" + into, "--log=" + into.resolve("aria2.log"), "--log-level=info",
                "--interface=127.0.0.1", "--disable-ipv6=true",
                "--listen-port=" + FreePorts.next(),
                "--enable-dht=" + udpTracker, "--enable-dht6=false",
                "--dht-listen-port=" + FreePorts.next(), "--dht-file-path=" + into.resolve("dht.dat"),
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--bt-save-metadata=false",
                "--follow-torrent=false", "--seed-time=0", "--summary-interval=0", "--console-log-level=warn",
                "--bt-stop-timeout=" + timeout.toSeconds(), torrent.toString()));
        long start = System.nanoTime();
        try (ChildProcess aria2 = ChildProcess.start(null, command)) {
            int exit = aria2.awaitExit(timeout.plusSeconds(30));
            String log = Files.exists(into.resolve("aria2.log")) ? Files.readString(into.resolve("aria2.log")) : "";
            return new Download(exit, aria2.output() + "\n--- aria2.log (tracker lines) ---\n" + trackerLines(log),
                    into, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static String trackerLines(String log) {
        StringBuilder out = new StringBuilder();
        for (String line : log.split("\n")) {
            if (line.contains("racker") || line.contains("ERROR") || line.contains("Announce") || line.contains("udp")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
