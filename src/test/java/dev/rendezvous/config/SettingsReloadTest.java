package dev.rendezvous.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsReloadTest {
    @TempDir
    Path dir;

    private final List<ReloadStatus> heard = new ArrayList<>();
    private ConfigFile file;
    private LiveSettings live;
    private SettingsReload reload;

    private void start(String content, Map<String, String> others) throws IOException {
        Path path = dir.resolve("rendezvous.properties");
        Files.writeString(path, content);
        file = new ConfigFile(Optional.of(path));
        ConfigSource rest = key -> Optional.ofNullable(others.get(key));
        ConfigSource resolved = key -> Optional.ofNullable(file.getValue(key)).or(() -> rest.get(key));
        live = new LiveSettings(Settings.read(resolved));
        reload = new SettingsReload(live, file, resolved, rest, heard::add);
    }

    private void write(String content) throws IOException {
        Files.writeString(file.path().orElseThrow(), content);
    }

    @Test
    void aValidFileIsSwappedInWhole() throws IOException {
        start("rendezvous.turn.secrets=one\nrendezvous.tracker.max-offers=5\n", Map.of());
        write("rendezvous.turn.secrets=two,one\nrendezvous.tracker.max-offers=7\n");
        ReloadStatus status = reload.reload();
        assertTrue(status.applied(), status.message());
        assertEquals(List.of("two", "one"), live.current().turn().secrets());
        assertEquals(7, live.current().tracker().maxOffers());
        assertEquals("two", live.current().secrets().signing());
        assertTrue(status.message().contains("rendezvous.turn.secrets") && !status.message().contains("two"), status.message());
        assertEquals(List.of(status), heard);
    }

    @Test
    void anInvalidValueOrSyntaxRefusesTheWholeFile() throws IOException {
        start("rendezvous.turn.secrets=one\n", Map.of());
        Settings before = live.current();
        write("rendezvous.turn.secrets=two\nrendezvous.tracker.peer-timeout=1\n");
        ReloadStatus status = reload.reload();
        assertFalse(status.applied());
        assertTrue(status.message().contains("rendezvous.tracker.peer-timeout"), status.message());
        assertSame(before, live.current());
        assertEquals("one", file.getValue("rendezvous.turn.secrets"));

        write("rendezvous.turn.secrets=two\nrendezvous.public-host=\\uZZZZ\n");
        status = reload.reload();
        assertFalse(status.applied());
        assertTrue(status.message().contains("syntax error"), status.message());
        assertSame(before, live.current());
    }

    @Test
    void restartOnlyKeysKeepTheirRunningValueAndAreReported() throws IOException {
        start("rendezvous.turn.port=4000\n", Map.of("rendezvous.turn.secrets", "from-env"));
        write("rendezvous.turn.port=5000\nrendezvous.cluster.redis-uri=redis://127.0.0.1:1\nrendezvous.tracker.max-offers=3\n");
        ReloadStatus status = reload.reload();
        assertTrue(status.applied(), status.message());
        assertEquals(List.of("rendezvous.cluster.redis-uri", "rendezvous.turn.port"), status.pendingRestart());
        assertEquals(4000, live.current().turn().port());
        assertEquals(3, live.current().tracker().maxOffers());
        assertEquals("4000", file.getValue("rendezvous.turn.port"));
        assertEquals(null, file.getValue("rendezvous.cluster.redis-uri"));
    }

    @Test
    void aKeyRemovedFromTheFileFallsBackToTheOtherSources() throws IOException {
        start("rendezvous.turn.secrets=from-file\n", Map.of("rendezvous.turn.secrets", "from-env"));
        assertEquals(List.of("from-file"), live.current().turn().secrets());
        write("");
        assertTrue(reload.reload().applied());
        assertEquals(List.of("from-env"), live.current().turn().secrets());
    }

    @Test
    void theAdminTokenIsLiveWhileAdminIsOn() throws IOException {
        start("rendezvous.admin.token=token-a-0123456789,token-b-0123456789\n", Map.of());
        write("rendezvous.admin.token=token-a-0123456789\n");
        ReloadStatus status = reload.reload();
        assertTrue(status.applied(), status.message());
        assertEquals(List.of("token-a-0123456789"), live.current().admin().tokens());
        assertTrue(status.message().contains("rendezvous.admin.token") && !status.message().contains("token-a"),
                status.message());
        assertEquals(List.of(), status.pendingRestart());
    }

    @Test
    void noTokenWhileAdminIsOnIsRefusedNamingTheKey() throws IOException {
        start("rendezvous.admin.token=token-a-0123456789\nrendezvous.turn.secrets=one\n", Map.of());
        write("rendezvous.turn.secrets=two\n");
        ReloadStatus status = reload.reload();
        assertFalse(status.applied());
        assertTrue(status.message().contains("rendezvous.admin.token"), status.message());
        assertEquals(List.of("token-a-0123456789"), live.current().admin().tokens());
        assertEquals(List.of("one"), live.current().turn().secrets());
    }

    @Test
    void aTokenSetWhileAdminWasOffAtStartWaitsForARestart() throws IOException {
        start("rendezvous.turn.secrets=one\n", Map.of());
        write("rendezvous.turn.secrets=one\nrendezvous.admin.token=token-a-0123456789\n");
        ReloadStatus status = reload.reload();
        assertTrue(status.applied(), status.message());
        assertFalse(live.current().admin().enabled());
        assertEquals(List.of("rendezvous.admin.token"), status.pendingRestart());
    }
}
