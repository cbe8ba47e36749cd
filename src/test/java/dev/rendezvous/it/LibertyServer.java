package dev.rendezvous.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Liberty server that a test creates from the runtime Maven installed ({@code target/liberty/wlp}): the project's
 * {@code server.xml}, an application, and its own loopback ports, configured through system properties and
 * environment variables as operators configure Rendezvous. Tests start these themselves, so that the plugin's
 * command-line goals ({@code liberty:run}, {@code liberty:dev}) never see a test server's configuration.
 */
final class LibertyServer implements AutoCloseable {
    static final Path WLP = Path.of(System.getProperty("it.wlp.dir", "target/liberty/wlp"));
    static final Path SERVER_XML = Path.of(System.getProperty("it.server.xml", "src/main/liberty/config/server.xml"));
    static final Path WAR = Path.of(System.getProperty("it.war", "target/rendezvous.war"));

    private final String name;
    private final int httpPort;
    private final int httpsPort;
    private final Path war;
    private final Path serverXml;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private boolean started;

    private LibertyServer(Builder builder) {
        this.name = builder.name;
        this.httpPort = builder.httpPort;
        this.httpsPort = builder.httpsPort;
        this.war = builder.war;
        this.serverXml = builder.serverXml;
        this.properties = Map.copyOf(builder.properties);
        this.environment = Map.copyOf(builder.environment);
    }

    static Builder named(String name) {
        return new Builder(name);
    }

    static final class Builder {
        private final String name;
        private int httpPort;
        private int httpsPort;
        private Path war = WAR;
        private Path serverXml = SERVER_XML;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
            this.httpPort = FreePorts.next();
            this.httpsPort = FreePorts.next();
        }

        Builder ports(int http, int https) {
            this.httpPort = http;
            this.httpsPort = https;
            return this;
        }

        Builder war(Path war) {
            this.war = war;
            return this;
        }

        Builder serverXml(Path serverXml) {
            this.serverXml = serverXml;
            return this;
        }

        /** A JVM system property, which MicroProfile Config reads before environment variables. */
        Builder property(String key, Object value) {
            properties.put(key, String.valueOf(value));
            return this;
        }

        Builder env(String key, Object value) {
            environment.put(key, String.valueOf(value));
            return this;
        }

        LibertyServer build() {
            // The UDP tracker is on by default, at 6969 on every interface: each server a test starts gets it on
            // loopback at a free port instead, unless the test chose (several run at once, e.g. a cluster's nodes).
            if (!properties.containsKey("rendezvous.udp-tracker.port") && !environment.containsKey("RENDEZVOUS_UDP_TRACKER_PORT")) {
                properties.put("rendezvous.udp-tracker.port", String.valueOf(FreePorts.next()));
            }
            if (!properties.containsKey("rendezvous.udp-tracker.listen-address")
                    && !environment.containsKey("RENDEZVOUS_UDP_TRACKER_LISTEN_ADDRESS")) {
                properties.put("rendezvous.udp-tracker.listen-address", "127.0.0.1");
            }
            return new LibertyServer(this);
        }
    }

    int httpPort() {
        return httpPort;
    }

    int httpsPort() {
        return httpsPort;
    }

    String http() {
        return "http://127.0.0.1:" + httpPort;
    }

    String ws() {
        return "ws://127.0.0.1:" + httpPort;
    }

    Path directory() {
        return WLP.resolve("usr/servers").resolve(name);
    }

    Path messagesLog() {
        return directory().resolve("logs/messages.log");
    }

    /** Creates the server afresh (no state from an earlier run) and starts it in the background. */
    LibertyServer start() throws IOException, InterruptedException {
        Path dir = directory();
        deleteTree(dir);
        Files.createDirectories(dir.resolve("apps"));
        Files.copy(serverXml, dir.resolve("server.xml"));
        Files.copy(war, dir.resolve("apps").resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("bootstrap.properties"), "HTTP_HOST=127.0.0.1\nHTTP_PORT=" + httpPort
                + "\nHTTPS_PORT=" + httpsPort + "\n");
        List<String> jvmOptions = new ArrayList<>();
        properties.forEach((k, v) -> jvmOptions.add("-D" + k + "=" + v));
        Files.write(dir.resolve("jvm.options"), jvmOptions);
        started = true;
        Process process = command("start").start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("server start " + name + " failed:\n" + output);
        }
        return this;
    }

    /**
     * Waits until {@code /health/ready} answers 200. If it never does, or the wait is interrupted (a test's timeout),
     * the server is stopped before the failure goes on: a caller that never got it back could not stop it.
     */
    LibertyServer awaitReady(Duration timeout) throws InterruptedException {
        try {
            return waitForReady(timeout);
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private LibertyServer waitForReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> ready = Server.HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(http() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return this;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ": " + last + "\n" + logTail());
    }

    /** Waits until messages.log contains {@code marker}, and returns the log. */
    String awaitLog(String marker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(messagesLog())) {
                String text = Files.readString(messagesLog());
                if (text.contains(marker)) {
                    return text;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(marker + " not logged within " + timeout + " in " + messagesLog());
    }

    /** The Java process id of the running server, from Liberty's pid file. */
    long pid() throws IOException {
        Path pidFile = WLP.resolve("usr/servers/.pid").resolve(name + ".pid");
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private String logTail() {
        try {
            String log = Files.exists(messagesLog()) ? Files.readString(messagesLog()) : "(no messages.log)";
            return log.substring(Math.max(0, log.length() - 4000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private ProcessBuilder command(String action) {
        ProcessBuilder builder = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder;
    }

    @Override
    public void close() {
        if (!started) {
            return;
        }
        started = false;
        try {
            Process stop = command("stop").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!stop.waitFor(90, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
