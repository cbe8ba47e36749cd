package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's python3-libtorrent (libtorrent-rasterbar 2.0) driven by src/test/python/bt_transfer.py: real BitTorrent
 * sessions on 127.0.0.1 that find each other only through the tracker URLs they are given. Its files live under
 * target/bt-it.
 */
final class Libtorrent {
    static final Path SCRIPT = Path.of(System.getProperty("it.python.dir", "src/test/python"), "bt_transfer.py").toAbsolutePath();
    /** Debian's interpreter: python3-libtorrent is built for it, and another python3 on the PATH may not see it. */
    static final String PYTHON = "/usr/bin/python3";
    static final Path WORK = Path.of("target", "bt-it").toAbsolutePath();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private Libtorrent() {
    }

    /** A fresh directory for one run. */
    static Path workdir(String tag) throws IOException {
        Path dir = WORK.resolve(tag + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
        Files.createDirectories(dir.getParent());
        return dir;
    }

    private static List<String> command(Path workdir, String tracker, List<String> options) {
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), "--workdir", workdir.toString(),
                "--tracker", tracker));
        command.addAll(options);
        return command;
    }

    /**
     * Seeds a generated file and downloads it with a second session; returns the script's JSON summary. The script
     * gives up after {@code seconds}; options: "--v1-only", "--leech-tracker", URL, "--corrupt-seed", "--size", N.
     */
    static Transfer transfer(String tag, String tracker, int seconds, String... options) throws Exception {
        Path dir = workdir(tag);
        List<String> opts = new ArrayList<>(List.of("--timeout", String.valueOf(seconds)));
        opts.addAll(List.of(options));
        try (ChildProcess run = ChildProcess.start(null, command(dir, tracker, opts))) {
            int exit = run.awaitExit(Duration.ofSeconds(seconds + 60));
            return new Transfer(exit, run.lastJson(), run.output());
        }
    }

    record Transfer(int exitCode, JsonObject summary, String output) {
        /** The run succeeded by the script's own account, and the bytes on disk are the source's (checked here too). */
        Transfer assertCompleteAndVerified() throws IOException, NoSuchAlgorithmException {
            assertEquals(0, exitCode, output);
            assertTrue(summary.getBoolean("completed"), output);
            assertTrue(summary.getBoolean("verified"), output);
            JsonObject files = summary.getJsonObject("files");
            byte[] source = Files.readAllBytes(Path.of(files.getString("source")));
            byte[] downloaded = Files.readAllBytes(Path.of(files.getString("downloaded")));
            assertEquals(summary.getInt("size"), downloaded.length, "downloaded size");
            assertArrayEquals(sha256(source), sha256(downloaded), "downloaded bytes");
            return this;
        }

        /** Every announce of {@code role} ("seeder", "downloader") over each of {@code versions} got replies and no error. */
        Transfer assertAnswered(String role, String... versions) {
            JsonObject session = summary.getJsonObject(role);
            assertEquals(versions.length, session.getJsonObject("replies").size(), role + ": the info-hash versions announced: " + session);
            for (String v : versions) {
                assertTrue(session.getJsonObject("replies").getInt(v) >= 1, role + " " + v + " announces answered: " + session);
                assertEquals(0, session.getJsonObject("errors").getJsonArray(v).size(), role + " " + v + " tracker errors: " + session);
            }
            return this;
        }

        /** How many peers the tracker returned to {@code role} at most, per version. */
        int peersFromTracker(String role, String version) {
            return summary.getJsonObject(role).getJsonObject("peers_from_tracker").getInt(version);
        }

        double seconds() {
            return summary.getJsonNumber("seconds").doubleValue();
        }

        String infoHash(String version) {
            return summary.getJsonObject("info_hashes").getString(version);
        }
    }

    /** A session seeding a generated file until closed, for another client to download from. */
    static Seeder seed(String tag, String tracker, int seconds, String... options) throws Exception {
        Path dir = workdir(tag);
        List<String> opts = new ArrayList<>(List.of("--seed-only", "--timeout", String.valueOf(seconds)));
        opts.addAll(List.of(options));
        ChildProcess process = ChildProcess.start(null, command(dir, tracker, opts));
        try {
            String ready = process.awaitLine(line -> line.startsWith("{\"ready\""), Duration.ofSeconds(60));
            return new Seeder(process, dir, Json.createReader(new StringReader(ready)).readObject());
        } catch (Exception | Error e) {
            process.close();
            throw e;
        }
    }

    static final class Seeder implements AutoCloseable {
        private final ChildProcess process;
        final Path workdir;
        final JsonObject ready;

        private Seeder(ChildProcess process, Path workdir, JsonObject ready) {
            this.process = process;
            this.workdir = workdir;
            this.ready = ready;
        }

        Path torrent() {
            return Path.of(ready.getString("torrent"));
        }

        Path source() {
            return Path.of(ready.getString("source"));
        }

        /** The v1 (SHA-1) info hash as the 20-char binary string the tracker keys swarms by. */
        String infoHashV1() {
            return binary(ready.getJsonObject("info_hashes").getString("v1"));
        }

        /** Stops seeding (libtorrent announces `stopped`) and returns the seeder's summary. */
        JsonObject stop() throws InterruptedException {
            process.closeInput();
            process.awaitExit(Duration.ofSeconds(30));
            return process.lastJson().getJsonObject("seeder");
        }

        @Override
        public void close() {
            process.close();
        }
    }

    static String binary(String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
    }

    static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
