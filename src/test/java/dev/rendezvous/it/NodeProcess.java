package dev.rendezvous.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Node programs from src/test/node (npm packages the README's test command installs there). */
final class NodeProcess {
    static final Path DIR = Path.of(System.getProperty("it.node.dir", "src/test/node"));

    private NodeProcess() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + String.join(" ", args) + " did not finish in " + timeout);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Process start(String... args) throws IOException {
        if (!java.nio.file.Files.isDirectory(DIR.resolve("node_modules"))) {
            throw new IllegalStateException("no " + DIR.resolve("node_modules")
                    + ": run src/test/install-test-tools.sh first (the README's test command does)");
        }
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    }

    static void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listening on 127.0.0.1:" + port + " after " + timeout);
    }
}
