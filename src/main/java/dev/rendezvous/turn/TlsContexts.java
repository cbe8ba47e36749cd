package dev.rendezvous.turn;

import dev.rendezvous.config.FileFingerprint;
import dev.rendezvous.config.TurnSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The TLS context of the TURN-over-TLS listener, from the PKCS#12 key store {@code rendezvous.turn.tls-key-store}.
 * On Open Liberty, server.xml points that key at Liberty's generated development key store. When the file is
 * replaced (a renewed certificate), {@link Reloading#check()} loads it again for new connections; connections
 * already open keep the context they were made with. A file that does not load (half written, wrong password)
 * leaves the running context in place.
 */
final class TlsContexts {
    private static final Logger LOG = Logger.getLogger(TlsContexts.class.getName());

    private TlsContexts() {
    }

    /** @return null when no key store is configured (TLS stays off) */
    static Reloading of(TurnSettings settings) throws IOException, GeneralSecurityException {
        if (settings.tlsKeyStore().isEmpty()) {
            return null;
        }
        Path path = Path.of(settings.tlsKeyStore());
        char[] password = settings.tlsKeyStorePassword().toCharArray();
        FileFingerprint print = FileFingerprint.of(path);
        return new Reloading(path, password, load(path, password), print);
    }

    private static SSLContext load(Path path, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The current context, replaced when the key store file changes. */
    static final class Reloading implements Supplier<SSLContext> {
        private final Path path;
        private final char[] password;
        private volatile SSLContext current;
        private FileFingerprint loaded;

        private Reloading(Path path, char[] password, SSLContext initial, FileFingerprint print) {
            this.path = path;
            this.password = password;
            this.current = initial;
            this.loaded = print;
        }

        @Override
        public SSLContext get() {
            return current;
        }

        /** Loads the key store again if its file changed since it was last looked at. */
        synchronized void check() {
            FileFingerprint now = FileFingerprint.of(path, loaded);
            if (now.equals(FileFingerprint.ABSENT)) {
                return;
            }
            if (now.equals(loaded)) {
                loaded = now; // the same file, hashed later: the next check can trust its metadata
                return;
            }
            loaded = now;
            try {
                current = load(path, password);
                LOG.info("Rendezvous TURN over TLS: key store " + path + " reloaded for new connections");
            } catch (IOException | GeneralSecurityException e) {
                LOG.warning("Rendezvous TURN over TLS: key store " + path + " changed but does not load ("
                        + e.getMessage() + "); the previous certificate stays in use");
            }
        }
    }
}
