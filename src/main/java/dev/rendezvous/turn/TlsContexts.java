package dev.rendezvous.turn;

import dev.rendezvous.config.TurnSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The TLS context of the TURN-over-TLS listener, from the PKCS#12 key store {@code rendezvous.turn.tls-key-store}.
 * On Open Liberty, server.xml points that key at Liberty's generated development key store.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    /** @return null when no key store is configured (TLS stays off) */
    static SSLContext of(TurnSettings settings) throws IOException, GeneralSecurityException {
        if (settings.tlsKeyStore().isEmpty()) {
            return null;
        }
        char[] password = settings.tlsKeyStorePassword().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(settings.tlsKeyStore()))) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
