package dev.rendezvous.it;

import java.util.concurrent.atomic.AtomicInteger;

/** Builders of client frames and unique 20-character ids, so tests never share a room by accident. */
final class Frames {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Frames() {
    }

    /** A fresh 20-character id; {@code tag} makes failures readable. */
    static String id(String tag) {
        String s = tag + "-" + NEXT.incrementAndGet() + "-" + System.nanoTime();
        return (s + "____________________").substring(0, 20);
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String announce(String infoHash, String peerId, String extra) {
        return "{\"action\":\"announce\",\"info_hash\":" + quote(infoHash) + ",\"peer_id\":" + quote(peerId) + extra + "}";
    }

    static String offers(String... offerIds) {
        StringBuilder s = new StringBuilder(",\"offers\":[");
        for (int i = 0; i < offerIds.length; i++) {
            s.append(i == 0 ? "" : ",").append("{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0 ").append(i)
                    .append("\"},\"offer_id\":").append(quote(offerIds[i])).append('}');
        }
        return s.append(']').toString();
    }

    static String answer(String infoHash, String peerId, String toPeerId, String offerId) {
        return announce(infoHash, peerId, ",\"to_peer_id\":" + quote(toPeerId) + ",\"offer_id\":" + quote(offerId)
                + ",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}");
    }
}
