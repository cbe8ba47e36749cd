package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.rendezvous.it.Frames.announce;
import static dev.rendezvous.it.Frames.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The message size limit (65536 bytes, the default) against clients that send a whole message as one frame, as
 * browsers, the npm {@code ws} package and bittorrent-tracker do: one byte over the limit, 70 KB, 2 MiB and a
 * hand-written 100 MiB frame, text and binary. Each is closed with 1009 without the server reading the frame.
 */
class SingleFrameLimitIT {
    private static final int LIMIT = 65_536;

    @Test
    void singleFramesOverTheLimitFromTheNpmWsClientAreClosedWith1009() throws Exception {
        double before = Server.metric("rendezvous_tracker_frames_too_large_total");
        try (WsClient bystander = WsClient.connect()) {
            bystander.send(announce(id("by"), id("by"), "")).next();
            NodeProcess.Result result = NodeProcess.run(Duration.ofSeconds(60), "oversize-frames.mjs",
                    Server.WS + "/announce", String.valueOf(LIMIT), LIMIT + "b", String.valueOf(LIMIT + 1), "70000",
                    "70000b", "2097152", "2097152b");
            Map<String, JsonObject> bySize = result.output().lines().filter(l -> l.startsWith("{"))
                    .map(l -> Json.createReader(new StringReader(l)).readObject())
                    .collect(Collectors.toMap(o -> o.getInt("size") + (o.getBoolean("binary") ? "b" : ""), Function.identity()));
            assertEquals(0, result.exitCode(), result.output());
            for (String accepted : List.of(String.valueOf(LIMIT), LIMIT + "b")) {
                assertEquals("announce", bySize.get(accepted).getString("reply"), "a message of exactly the limit: " + result.output());
            }
            for (String refused : List.of(String.valueOf(LIMIT + 1), "70000", "70000b")) {
                assertEquals(1009, bySize.get(refused).getInt("code"), refused + " bytes in one frame: " + result.output());
            }
            // 2 MiB is more than the sockets' buffers hold: the server closes while the client is still writing, and
            // the client's kernel may take the reset before the client reads the close frame (seen once in a full
            // run). Either way it is refused unread, never answered; the metric below counts each refusal.
            for (String refused : List.of("2097152", "2097152b")) {
                JsonObject closed = bySize.get(refused);
                assertTrue(closed.isNull("reply") && List.of(1009, 1006).contains(closed.getInt("code")),
                        refused + " bytes in one frame: " + result.output());
            }
            assertEquals("announce", bystander.send(announce(id("by"), id("by"), "")).next().getString("action"),
                    "other sockets are unaffected");
        }
        assertTrue(Server.metric("rendezvous_tracker_frames_too_large_total") >= before + 5);
    }

    /**
     * A frame that declares 100 MiB, written by hand: the server answers 1009 after reading a few KB of it, takes
     * in a small part of the payload (what the sockets' buffers hold), and its heap does not grow with the frame.
     */
    @Test
    void aHundredMebibyteFrameIsRefusedWithoutTheServerHoldingIt() throws Exception {
        long frameBytes = 100L * 1024 * 1024;
        double heapBefore = Server.metric("memory_usedHeap_bytes", "mp_scope=\"base\"");
        HeapSampler heap = HeapSampler.start();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", Server.HTTP_PORT), 5000);
            OutputStream out = raw.getOutputStream();
            InputStream in = raw.getInputStream();
            RawWebSocket.upgrade(raw);
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127)).putLong(frameBytes)
                            .putInt(0).array()); // FIN + text, masked with a zero mask, 64-bit length
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    for (long sent = 0; sent < frameBytes; sent += chunk.length) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closedByTheServer) {
                    // expected: the server closed the connection
                }
            });
            raw.setSoTimeout(15_000);
            assertEquals(0x88, in.read(), "a close frame");
            int length = in.read();
            assertTrue(length >= 2, "a close frame with a status code");
            assertEquals(1009, (in.read() << 8) | in.read());
            writer.get(30, TimeUnit.SECONDS);
            assertTrue(written.get() < frameBytes / 4, "the server stopped reading early; the client wrote " + written.get());
        } finally {
            heap.stop();
        }
        double growth = heap.max() - heapBefore;
        assertTrue(growth < 32.0 * 1024 * 1024, "heap grew by " + growth / 1024 / 1024 + " MiB");
    }

    /** Polls the server's used heap (MicroProfile Metrics' base scope) and keeps the largest value seen. */
    private static final class HeapSampler {
        private final Thread thread;
        private volatile double max;

        private HeapSampler() {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    max = Math.max(max, Server.metric("memory_usedHeap_bytes", "mp_scope=\"base\""));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
        }

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            sampler.thread.start();
            return sampler;
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5_000);
        }

        double max() {
            return max;
        }
    }
}
