package dev.rendezvous.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rewrites one "## " section of a Markdown report in place, leaving the others as they are. */
final class ReportSections {

    private ReportSections() {
    }

    /**
     * Replaces the section under {@code heading} in {@code file} with {@code section}; a new one goes before the first
     * of {@code before} (headings) that the file has, or at the end.
     */
    static void splice(Path file, String heading, String section, String... before) throws IOException {
        String md = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int start = md.indexOf("\n" + heading + "\n");
        if (start >= 0) {
            int end = md.indexOf("\n## ", start + 1);
            md = md.substring(0, start) + section + (end < 0 ? "" : md.substring(end));
        } else {
            int at = -1;
            for (int i = 0; i < before.length && at < 0; i++) {
                at = md.indexOf("\n" + before[i]);
            }
            md = at < 0 ? md.stripTrailing() + "\n" + section : md.substring(0, at) + section + md.substring(at);
        }
        Files.writeString(file, md);
    }
}
