package dev.rendezvous.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a file looks like now: its identity (inode), modification time, size and, for files up to a few MB, a hash of
 * its content. Two equal fingerprints mean the file did not change; an atomic rename over it changes the identity,
 * an edit in place within the same second changes the hash.
 * <p>
 * {@link #of(Path, FileFingerprint)} reads and hashes the content only when the metadata cannot tell: when identity,
 * modification time and size are those of the previous fingerprint, and that one was hashed well after the
 * modification time (so no later write could have left the same time behind), its hash still holds. A poller that
 * passes its last fingerprint thus costs one {@code stat} per poll while nothing changes.
 */
public record FileFingerprint(Object identity, long modifiedNanos, long size, byte[] hash, long hashedAtNanos) {
    private static final long HASHED_UP_TO = 4 << 20;
    /** Beyond any file system's timestamp granularity (FAT's 2 s) plus clock skew between kernel and JVM. */
    private static final long SETTLED_NANOS = TimeUnit.SECONDS.toNanos(3);
    public static final FileFingerprint ABSENT = new FileFingerprint(null, -1, -1, new byte[0], 0);

    public static FileFingerprint of(Path path) {
        return of(path, null);
    }

    /** The fingerprint now, reusing {@code previous}' hash (may be null) when the file cannot have changed since. */
    public static FileFingerprint of(Path path, FileFingerprint previous) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Object identity = attributes.fileKey();
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            long size = attributes.size();
            if (previous != null && previous != ABSENT && Objects.equals(identity, previous.identity)
                    && modified == previous.modifiedNanos && size == previous.size
                    && previous.hashedAtNanos - modified > SETTLED_NANOS) {
                return previous;
            }
            byte[] hash = new byte[0];
            long hashedAt = wallClockNanos();
            if (size <= HASHED_UP_TO) {
                hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path));
            }
            return new FileFingerprint(identity, modified, size, hash, hashedAt);
        } catch (IOException e) {
            return ABSENT;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long wallClockNanos() {
        return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    }

    /** Equal when the file is the same: when it was hashed does not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FileFingerprint that && Objects.equals(identity, that.identity)
                && modifiedNanos == that.modifiedNanos && size == that.size && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity, modifiedNanos, size, Arrays.hashCode(hash));
    }
}
