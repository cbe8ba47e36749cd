package dev.rendezvous.it;

import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A subscriber of {@code /admin/events}, as a script would read it: Server-Sent Events over one long response. */
final class EventStream implements AutoCloseable {
    /** One event: its name and its JSON data. */
    record Event(String name, JsonObject data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final InputStream body;

    private EventStream(InputStream body) {
        this.body = body;
        Thread reader = new Thread(this::read, "admin-events-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStream open(String base, String token) throws Exception {
        HttpResponse<InputStream> response = Server.HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/admin/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /admin/events: " + response.statusCode()
                    + " " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new EventStream(response.body());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        try {
                            events.add(new Event(name, AdminApi.json(data.toString())));
                        } catch (RuntimeException unreadable) {
                            events.add(new Event("unreadable " + name, jakarta.json.Json.createObjectBuilder()
                                    .add("raw", data.toString()).build()));
                        }
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (Exception closed) {
            // the stream ended
        }
    }

    /**
     * The next event named {@code name} whose data mentions {@code text}, within {@code timeout}; events passed over
     * on the way are kept and searched first by later calls.
     */
    synchronized JsonObject await(String name, String text, Duration timeout) throws InterruptedException {
        for (Event event : seen) {
            if (event.name().equals(name) && event.data().toString().contains(text)) {
                seen.remove(event);
                return event.data();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            if (event.name().equals(name) && event.data().toString().contains(text)) {
                return event.data();
            }
            seen.add(event);
        }
        throw new AssertionError("no " + name + " event with " + text + " within " + timeout + "; saw " + seen);
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
