package dev.rendezvous.it;

import dev.rendezvous.tracker.http.BencodeDecoder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Raw HTTP tracker requests (BEP 3 announce, BEP 48 scrape) as BitTorrent clients send them: a GET whose query carries
 * the 20-byte {@code info_hash} and {@code peer_id} percent-encoded byte by byte, and the bencoded reply decoded by
 * {@link BencodeDecoder}, not by the server's own code.
 */
final class HttpTrackerClient {
    private HttpTrackerClient() {
    }

    record Reply(int status, byte[] body) {
        Map<String, Object> dictionary() {
            return BencodeDecoder.dictionary(body);
        }

        @Override
        public String toString() {
            return status + " " + BencodeDecoder.text(body);
        }
    }

    /** An ordered query; binary values (ISO-8859-1 strings, one char per byte) are percent-encoded byte by byte. */
    static final class Query {
        private final Map<String, String> params = new LinkedHashMap<>();
        private final List<String> infoHashes = new ArrayList<>();

        Query put(String key, Object value) {
            params.put(key, String.valueOf(value));
            return this;
        }

        /** A repeated {@code info_hash}, as multi-torrent scrapes send it. */
        Query infoHash(String hash) {
            infoHashes.add(hash);
            return this;
        }

        String encoded() {
            List<String> parts = new ArrayList<>();
            infoHashes.forEach(h -> parts.add("info_hash=" + percent(h)));
            params.forEach((k, v) -> parts.add(k + "=" + percent(v)));
            return String.join("&", parts);
        }
    }

    /** An announce as libtorrent sends one, compact unless the query says otherwise. */
    static Query announce(String infoHash, String peerId, int port, long left, String event) {
        Query q = new Query().infoHash(infoHash).put("peer_id", peerId).put("port", port)
                .put("uploaded", 0).put("downloaded", 0).put("left", left).put("compact", 1).put("numwant", 50);
        return event == null ? q : q.put("event", event);
    }

    static Reply get(String base, String path, Query query) {
        return get(base + path + "?" + query.encoded());
    }

    static Reply get(String url) {
        try {
            HttpResponse<byte[]> response = Server.HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3986 unreserved characters stay; every other byte becomes %XX. */
    static String percent(String binary) {
        StringBuilder out = new StringBuilder();
        for (byte b : binary.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** The peers of an announce reply as sorted "address:port" texts: compact {@code peers} and {@code peers6}, or the list model. */
    @SuppressWarnings("unchecked")
    static TreeSet<String> peers(Map<String, Object> reply) {
        TreeSet<String> peers = new TreeSet<>();
        Object v4 = reply.get("peers");
        if (v4 instanceof String compact) {
            peers.addAll(Bep15Client.compactPeers(compact.getBytes(StandardCharsets.ISO_8859_1), 4));
        } else if (v4 instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> peer = (Map<String, Object>) o;
                peers.add(peer.get("ip") + ":" + peer.get("port"));
            }
        }
        if (reply.get("peers6") instanceof String compact6) {
            peers.addAll(Bep15Client.compactPeers(compact6.getBytes(StandardCharsets.ISO_8859_1), 16));
        }
        return peers;
    }
}
