package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.time.Duration;

/**
 * The reference tracker (npm bittorrent-tracker's Server, src/test/node/reference-tracker.mjs) serving HTTP, UDP
 * (IPv4 and IPv6) and WebSocket on loopback ports the system picked.
 */
final class ReferenceTracker implements AutoCloseable {
    private final ChildProcess process;
    private final int httpPort;
    private final int udpPort;
    private final int udp6Port;

    private ReferenceTracker(ChildProcess process, JsonObject ports) {
        this.process = process;
        this.httpPort = ports.getInt("http");
        this.udpPort = ports.getInt("udp");
        this.udp6Port = ports.getInt("udp6");
    }

    /** Its announce interval is {@code intervalSeconds}. */
    static ReferenceTracker start(int intervalSeconds) throws Exception {
        ChildProcess process = ChildProcess.start(NodeProcess.DIR, "node", "reference-tracker.mjs", String.valueOf(intervalSeconds));
        try {
            String ports = process.awaitLine(line -> line.startsWith("{\"http\""), Duration.ofSeconds(30));
            return new ReferenceTracker(process, Json.createReader(new StringReader(ports)).readObject());
        } catch (Exception | Error e) {
            process.close();
            throw e;
        }
    }

    String http() {
        return "http://127.0.0.1:" + httpPort;
    }

    String httpAnnounce() {
        return http() + "/announce";
    }

    String ws() {
        return "ws://127.0.0.1:" + httpPort;
    }

    int udpPort() {
        return udpPort;
    }

    int udp6Port() {
        return udp6Port;
    }

    String udpAnnounce() {
        return "udp://127.0.0.1:" + udpPort;
    }

    /** What it printed (its errors and warnings). */
    String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
