package dev.rendezvous.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, unprivileged on a loopback port, running one of the docs' examples: its TLS listener becomes a
 * plain one (there is no certificate here). Its access log has each request's upstream and URI.
 */
final class Nginx implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts nginx in {@code dir} with {@code example}'s server block, listening on a free loopback port.
     *
     * @param upstreams the example's upstream server lines, as they stand in it, and their replacement
     */
    static Nginx start(Path dir, Path example, String upstreams, String replacement) throws IOException, InterruptedException {
        int port = FreePorts.next();
        Files.createDirectories(dir.resolve("logs"));
        String site = Files.readString(example);
        if (!site.contains("listen 443 ssl;") || !site.contains(upstreams)) {
            throw new IllegalStateException(example + " no longer has the lines this test adapts");
        }
        site = site.replace("listen 443 ssl;", "listen 127.0.0.1:" + port + ";")
                .replaceAll("(?m)^\\s*ssl_certificate.*$", "")
                .replace(upstreams, replacement);
        Files.writeString(dir.resolve("nginx.conf"), "pid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("logs/error.log") + ";\nevents {}\nhttp {\n  log_format upstream '$upstream_addr $request_uri';\n"
                + "  access_log " + dir.resolve("logs/access.log") + " upstream;\n  client_body_temp_path "
                + dir.resolve("tmp") + ";\n  proxy_temp_path " + dir.resolve("tmp") + ";\n" + site + "\n}\n");
        Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("logs/console.log").toFile()).start();
        NodeProcess.awaitPort(port, Duration.ofSeconds(10));
        return new Nginx(dir, port, process);
    }

    int port() {
        return port;
    }

    Path accessLog() {
        return dir.resolve("logs/access.log");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
