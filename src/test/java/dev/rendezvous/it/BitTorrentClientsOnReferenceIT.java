package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.OptionalDouble;

/**
 * The control for {@link BitTorrentClientsIT}: the same real clients and checks against the reference tracker (npm
 * bittorrent-tracker with HTTP, UDP and WebSocket on), so that the harness is proven on a server nobody here wrote.
 */
class BitTorrentClientsOnReferenceIT extends BitTorrentClientChecks {
    private ReferenceTracker reference;

    @BeforeAll
    void startReference() throws Exception {
        reference = ReferenceTracker.start(2);
    }

    @AfterAll
    void stopReference() {
        if (reference != null) {
            reference.close();
        }
    }

    @Override
    String http() {
        return reference.http();
    }

    @Override
    int udpPort() {
        return reference.udpPort();
    }

    @Override
    String ws() {
        return reference.ws();
    }

    @Override
    boolean returnsTheAnnouncerItself() {
        return true;
    }

    @Override
    boolean scrapeKeysAreUtf8() {
        return true;
    }

    @Override
    OptionalDouble announces(String protocol) {
        return OptionalDouble.empty();
    }
}
