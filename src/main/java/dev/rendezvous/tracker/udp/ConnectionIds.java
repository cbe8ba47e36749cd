package dev.rendezvous.tracker.udp;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;

/**
 * BEP 15 connection ids without per-connection state: an id is the first 8 bytes of HMAC-SHA256(secret, client
 * address, time slot). Only a client that receives at its source address learns the id for it, so a spoofed source
 * cannot announce, and nothing is stored per client. The port is left out on purpose: libtorrent keeps one id per
 * tracker for the whole process and sends it from each of its sockets (opentracker accepts it from any port of the
 * address too); a spoofer still has to receive at the address. A slot lasts {@link #SLOT_MILLIS}; ids of the
 * current and the previous slot are accepted, so an id lives 2 to 4 minutes (BEP 15: a client may use one for 1 minute,
 * a server accepts it for 2).
 * <p>
 * Not thread-safe: each receive loop owns one (its {@link Mac} and buffers are reused for every packet).
 */
public final class ConnectionIds {
    public static final long SLOT_MILLIS = 120_000;
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final byte[] input = new byte[16 + 8];
    private final byte[] output;

    public ConnectionIds(byte[] secret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java platform", e);
        }
        output = new byte[mac.getMacLength()];
    }

    /** The id {@code client} gets now. */
    public long issue(InetSocketAddress client, long nowMillis) {
        return id(client, Math.floorDiv(nowMillis, SLOT_MILLIS));
    }

    /** Whether {@code id} was issued to {@code client}'s address (from any port) in this slot or the previous one. */
    public boolean valid(long id, InetSocketAddress client, long nowMillis) {
        long slot = Math.floorDiv(nowMillis, SLOT_MILLIS);
        return id == id(client, slot) || id == id(client, slot - 1);
    }

    private long id(InetSocketAddress client, long slot) {
        byte[] address = client.getAddress().getAddress();
        int n = address.length;
        System.arraycopy(address, 0, input, 0, n);
        for (int shift = 56; shift >= 0; shift -= 8) {
            input[n++] = (byte) (slot >>> shift);
        }
        mac.update(input, 0, n);
        try {
            mac.doFinal(output, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = id << 8 | (output[i] & 0xFF);
        }
        return id;
    }
}
