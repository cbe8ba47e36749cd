package dev.rendezvous.auth;

import dev.rendezvous.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessListTest {
    static final String LISTED = "0123456789abcdef0123456789ABCDEF01234567";
    static final String OTHER = "ffffffffffffffffffffffffffffffffffffffff";

    @TempDir
    Path dir;

    static String wire(String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
    }

    private Path file(String content) throws IOException {
        Path path = dir.resolve("list.txt");
        Files.writeString(path, content);
        return path;
    }

    @Test
    void allowServesOnlyListedSwarmsAndDenyAllButThem() throws IOException {
        Path path = file("# comment\n\n" + LISTED + "   # with a comment\n");
        AccessList allow = AccessList.read("allow", path.toString());
        assertTrue(allow.allows(wire(LISTED)));
        assertFalse(allow.allows(wire(OTHER)));
        assertTrue(allow.allowsBytes(HexFormat.of().parseHex(LISTED)));
        AccessList deny = AccessList.read("DENY", path.toString());
        assertFalse(deny.allows(wire(LISTED)));
        assertTrue(deny.allows(wire(OTHER)));
        assertEquals(1, deny.size());
        assertTrue(AccessList.read("off", "").allows(wire(LISTED)));
    }

    @Test
    void aBadLineRefusesTheWholeFileNamingTheLine() throws IOException {
        Path path = file(LISTED + "\n" + LISTED.substring(1) + "\n");
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AccessList.read("deny", path.toString()));
        assertEquals(AccessList.PATH_KEY, e.key());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(InvalidConfigurationException.class, () -> AccessList.read("sometimes", path.toString()));
        assertThrows(InvalidConfigurationException.class, () -> AccessList.read("allow", ""));
        assertThrows(InvalidConfigurationException.class, () -> AccessList.read("allow", dir.resolve("absent").toString()));
    }
}
