package dev.rendezvous.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a file looks like now: its identity (inode), modification time, size and, for files up to a few MB, a hash of
 * its content. Two equal fingerprints mean the file did not change; an atomic rename over it changes the identity,
 * an edit in place within the same second changes the hash.
 */
public record FileFingerprint(Object identity, long modifiedNanos, long size, byte[] hash) {
    private static final long HASHED_UP_TO = 4 << 20;
    public static final FileFingerprint ABSENT = new FileFingerprint(null, -1, -1, new byte[0]);

    public static FileFingerprint of(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            byte[] hash = new byte[0];
            if (attributes.size() <= HASHED_UP_TO) {
                hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path));
            }
            return new FileFingerprint(attributes.fileKey(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    attributes.size(), hash);
        } catch (IOException e) {
            return ABSENT;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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
