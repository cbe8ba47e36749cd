package dev.rendezvous.config;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Live settings in the server: reloads when the settings file or the access list changes (polled every second; a
 * change is applied once the file has looked the same for two polls, so a half-written file is not read), and on
 * demand through {@link #reload()} (the admin API's {@code POST /admin/reload}). {@link #lastReload()} is the
 * outcome of the last one, for health and the admin API.
 */
@ApplicationScoped
public class ReloadService {
    private static final Logger LOG = Logger.getLogger(ReloadService.class.getName());
    static final long POLL_MILLIS = 1000;

    @Inject
    LiveSettings live;
    @Inject
    Config config;
    @Inject
    ReloadListener listener;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private SettingsReload reload;
    private ScheduledFuture<?> poller;
    private List<FileFingerprint> handled;
    private List<FileFingerprint> seen;
    /** The last fingerprints taken, whose hashes the next poll reuses while the files' metadata stays the same. */
    private volatile List<FileFingerprint> latest = List.of();

    void start(@Observes Startup startup) {
        reloader();
        handled = fingerprints();
        poller = scheduler.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Reads the settings file and the access list again now, and applies them if valid. */
    public ReloadStatus reload() {
        ReloadStatus status = reloader().reload();
        synchronized (this) {
            handled = fingerprints();
        }
        return status;
    }

    /** The last reload's outcome (at start-up: the start-up read). */
    public ReloadStatus lastReload() {
        return reloader().last();
    }

    private synchronized SettingsReload reloader() {
        if (reload == null) {
            ConfigFile file = null;
            List<org.eclipse.microprofile.config.spi.ConfigSource> others = new ArrayList<>();
            for (var source : config.getConfigSources()) {
                if (source instanceof ConfigFile own) {
                    file = own;
                } else {
                    others.add(source);
                }
            }
            others.sort(Comparator.comparingInt(org.eclipse.microprofile.config.spi.ConfigSource::getOrdinal).reversed());
            ConfigSource rest = key -> others.stream().map(s -> s.getValue(key)).filter(Objects::nonNull).findFirst();
            reload = new SettingsReload(live, file == null ? new ConfigFile(Optional.empty()) : file,
                    ConfigSource.of(config), rest, listener);
        }
        return reload;
    }

    private void poll() {
        try {
            List<FileFingerprint> now = fingerprints();
            boolean due;
            synchronized (this) {
                if (now.equals(handled)) {
                    seen = null;
                    return;
                }
                due = now.equals(seen); // unchanged since the last poll: the writer is done with it
                seen = now;
            }
            if (due) {
                reloader().reload();
                synchronized (this) {
                    handled = fingerprints(); // the access list's path may have changed with the settings
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Rendezvous settings poll failed", e);
        }
    }

    private List<FileFingerprint> fingerprints() {
        List<FileFingerprint> before = latest;
        List<FileFingerprint> prints = List.of(
                fingerprint(reloader().file().path(), before, 0),
                fingerprint(live.current().accessList().path(), before, 1));
        latest = prints;
        return prints;
    }

    private static FileFingerprint fingerprint(Optional<Path> path, List<FileFingerprint> before, int index) {
        FileFingerprint previous = index < before.size() ? before.get(index) : null;
        return path.map(p -> FileFingerprint.of(p, previous)).orElse(FileFingerprint.ABSENT);
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.cancel(false);
        }
    }
}
