package dev.rendezvous.it;

import java.util.OptionalDouble;

/**
 * Real BitTorrent clients (libtorrent, aria2c, the npm bittorrent-tracker Client) through Rendezvous' HTTP tracker
 * (GET /announce and /scrape on the shared server's HTTP port) and its UDP tracker (the port Maven reserved as
 * {@code it.udp-tracker.port}), and a mixed swarm with a WebSocket peer. {@link BitTorrentClientsOnReferenceIT} runs
 * the same checks against the reference server.
 */
class BitTorrentClientsIT extends BitTorrentClientChecks {

    @Override
    String http() {
        return Server.HTTP;
    }

    @Override
    int udpPort() {
        Integer port = Integer.getInteger("it.udp-tracker.port");
        if (port == null) {
            throw new IllegalStateException("no it.udp-tracker.port: the shared server has no UDP tracker port reserved");
        }
        return port;
    }

    @Override
    String ws() {
        return Server.WS;
    }

    @Override
    boolean returnsTheAnnouncerItself() {
        return false;
    }

    @Override
    boolean scrapeKeysAreUtf8() {
        return false;
    }

    @Override
    OptionalDouble announces(String protocol) {
        return OptionalDouble.of(Server.metric("rendezvous_tracker_protocol_announces_total", "protocol=\"" + protocol + "\""));
    }
}
