package dev.rendezvous.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Liberty server the integration tests share ({@link SharedServer}: loopback, a free port). */
final class Server {
    static final int HTTP_PORT = Integer.getInteger("it.http.port", 9080);
    static final String HTTP = "http://127.0.0.1:" + HTTP_PORT;
    static final String WS = "ws://127.0.0.1:" + HTTP_PORT;
    /** HTTP/1.1, as browsers speak on plain http (the JDK's default h2c upgrade is not what clients send). */
    static final HttpClient HTTP_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Server() {
    }

    static HttpResponse<String> get(String path) {
        return getFrom(HTTP, path);
    }

    /** GET {@code path} from the server at {@code base} (e.g. {@code http://127.0.0.1:9080}). */
    static HttpResponse<String> getFrom(String base, String path) {
        try {
            return HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of one Prometheus sample, e.g. {@code rendezvous_tracker_announces_total}, or 0 if absent. */
    static double metric(String name, String labels) {
        return metricOf(HTTP, name, labels);
    }

    /** As {@link #metric(String, String)}, from the server at {@code base}. */
    static double metricOf(String base, String name, String labels) {
        String body = getFrom(base, "/metrics").body();
        String tagPattern = labels.isEmpty() ? "\\{[^}]*mp_scope=\"application\"[^}]*}"
                : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + tagPattern + " (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static double metric(String name) {
        return metric(name, "");
    }

    static String messagesLog() throws IOException {
        return Files.readString(LibertyServer.WLP.resolve("usr/servers").resolve(SharedServer.NAME).resolve("logs/messages.log"));
    }
}
