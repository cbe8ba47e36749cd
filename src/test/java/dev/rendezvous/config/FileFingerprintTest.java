package dev.rendezvous.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FileFingerprintTest {

    @Test
    void aSettledUnchangedFileKeepsItsHashWithoutBeingReadAgain(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.properties"), "k=1\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        FileFingerprint first = FileFingerprint.of(file);
        assertSame(first, FileFingerprint.of(file, first));
    }

    @Test
    void anEditInPlaceThatKeepsARecentTimeAndSizeIsSeen(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.properties"), "k=1\n");
        FileTime time = FileTime.from(Instant.now());
        Files.setLastModifiedTime(file, time);
        FileFingerprint first = FileFingerprint.of(file);
        Files.writeString(file, "k=2\n");
        Files.setLastModifiedTime(file, time);
        FileFingerprint second = FileFingerprint.of(file, first);
        assertNotEquals(first, second);
        assertEquals(second, FileFingerprint.of(file));
    }

    @Test
    void aChangedSizeOrTimeIsSeenEvenWhenSettled(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.properties"), "k=1\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        FileFingerprint first = FileFingerprint.of(file);
        Files.writeString(file, "k=22\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        assertNotEquals(first, FileFingerprint.of(file, first));
    }

    @Test
    void aMissingFileIsAbsent(@TempDir Path dir) {
        assertEquals(FileFingerprint.ABSENT, FileFingerprint.of(dir.resolve("none"), FileFingerprint.ABSENT));
    }
}
