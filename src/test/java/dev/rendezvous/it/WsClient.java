package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A real WebSocket client (the JDK's) that collects the frames a test receives. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final boolean autoRead;
    private WebSocket socket;
    private volatile String closeReason;
    private volatile long closedAtNanos;

    private WsClient(boolean autoRead) {
        this.autoRead = autoRead;
    }

    static WsClient connect() {
        return connect("/announce", null, true);
    }

    /** @param autoRead false makes a slow reader: it asks for no frame until {@link #readMore} */
    static WsClient connect(String path, String origin, boolean autoRead) {
        return open(Server.WS + path, origin, autoRead);
    }

    /** A client of any WebSocket server, e.g. the reference tracker. */
    static WsClient open(String url) {
        return open(url, null, true);
    }

    /** A client of any WebSocket server, sending {@code origin} (none when null). */
    static WsClient open(String url, String origin) {
        return open(url, origin, true);
    }

    private static WsClient open(String url, String origin, boolean autoRead) {
        WsClient client = new WsClient(autoRead);
        WebSocket.Builder builder = Server.HTTP_CLIENT.newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(URI.create(url), client).join();
        return client;
    }

    WsClient send(String text) {
        try {
            socket.sendText(text, true).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("send failed; server close code " + closeCode.getNow(null)
                    + " reason " + closeReason, e);
        }
        return this;
    }

    WsClient sendFragment(String text, boolean last) {
        socket.sendText(text, last).join();
        return this;
    }

    WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    void readMore(long frames) {
        socket.request(frames);
    }

    JsonObject next() {
        String frame = nextRaw();
        assertNotNull(frame, "expected a frame within " + WAIT);
        return Json.createReader(new StringReader(frame)).readObject();
    }

    /** The next frame within {@code millis}, parsed, or null. */
    JsonObject poll(long millis) {
        String frame = nextRawWithin(Duration.ofMillis(millis));
        return frame == null ? null : Json.createReader(new StringReader(frame)).readObject();
    }

    String nextRaw() {
        return nextRawWithin(WAIT);
    }

    String nextRawWithin(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Forgets the frames received so far. */
    void drain() {
        frames.clear();
    }

    void expectNothing(long millis) throws InterruptedException {
        String frame = frames.poll(millis, TimeUnit.MILLISECONDS);
        assertNull(frame, "expected no frame");
    }

    int awaitClose(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** When the server's close arrived ({@link System#nanoTime()}), or 0. */
    long closedAtNanos() {
        return closedAtNanos;
    }

    /** The reason the server gave when it closed the socket, or null. */
    String closeReason() {
        return closeReason;
    }

    boolean isOpen() {
        return !socket.isInputClosed() && !closeCode.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (autoRead) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        if (autoRead) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedAtNanos = System.nanoTime();
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason = "client error: " + error;
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }
}
