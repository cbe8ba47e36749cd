package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program a test starts (a BitTorrent client, the reference tracker) whose output lines are read as they come, so
 * the test can wait for one (a "ready" line) with a deadline. Closing it closes the program's standard input (the
 * programs here take that as "stop now"), waits a little, then kills it: nothing outlives the test.
 */
final class ChildProcess implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildProcess(List<String> command, Path directory) throws IOException {
        this.command = List.copyOf(command);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        this.process = builder.start();
        Thread reader = new Thread(this::read, "output of " + command.get(0));
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(Path directory, String... command) throws IOException {
        return new ChildProcess(List.of(command), directory);
    }

    static ChildProcess start(Path directory, List<String> command) throws IOException {
        return new ChildProcess(command, directory);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                lines.add(line);
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    /** The first line (from now on) that matches, or a failure with everything the program said. */
    String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && matching.test(line)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                Thread.sleep(100); // let the reader finish the last lines
                if (lines.isEmpty()) {
                    throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue()
                            + " without the expected line:\n" + output);
                }
            }
        }
        throw new IllegalStateException(String.join(" ", command) + ": no expected line within " + timeout + ":\n" + output);
    }

    /** Waits for the program to exit by itself; kills it and fails if it does not in time. Returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + ":\n" + output);
        }
        Thread.sleep(50);
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    /** The last line of output that is a JSON object (the harnesses' summaries), or a failure showing the output. */
    JsonObject lastJson() {
        String[] all = output.toString().split("\n");
        for (int i = all.length - 1; i >= 0; i--) {
            if (all[i].startsWith("{")) {
                return Json.createReader(new StringReader(all[i])).readObject();
            }
        }
        throw new IllegalStateException(String.join(" ", command) + " printed no JSON summary:\n" + output);
    }

    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // nothing to close
        }
    }

    @Override
    public void close() {
        closeInput();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
