package dev.rendezvous.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The peers the HTTP and UDP announce benchmarks simulate: {@code peers} peers spread over {@code swarms} swarms
 * (peer {@code p} is in swarm {@code p % swarms}), all from 127.0.0.1, so each is told apart by its peer_id and its
 * announced port (trackers that key peers by address and port, as opentracker does, see them as distinct too).
 * Info hashes are SHA-1 digests, spread as real ones are (opentracker buckets swarms by their first bytes); one peer
 * in ten is a seeder. Deterministic: every server and every run sees the same swarms.
 */
final class SimulatedSwarms {
    private final int swarms;
    private final int peers;
    private final byte[][] infoHashes;

    /** The default swarms; another {@code name} makes another set of swarms (a second set of peers, for memory). */
    SimulatedSwarms(int swarms, int peers) {
        this(swarms, peers, "rendezvous-bench-swarm-");
    }

    SimulatedSwarms(int swarms, int peers, String name) {
        if (swarms < 1 || peers < swarms || peers / swarms > 60_000) {
            throw new IllegalArgumentException("need 1 <= swarms <= peers and at most 60,000 peers per swarm");
        }
        this.swarms = swarms;
        this.peers = peers;
        this.infoHashes = new byte[swarms][];
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (int s = 0; s < swarms; s++) {
                infoHashes[s] = sha1.digest((name + s).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int swarms() {
        return swarms;
    }

    int peers() {
        return peers;
    }

    /** The info hash of the peer's swarm. */
    byte[] infoHash(int peer) {
        return infoHashes[peer % swarms];
    }

    /** Swarms from {@code --swarms}, {@code --peers} and {@code --swarm-name}. */
    static SimulatedSwarms of(java.util.Map<String, String> options) {
        return new SimulatedSwarms(Integer.parseInt(options.getOrDefault("swarms", "1000")),
                Integer.parseInt(options.getOrDefault("peers", "100000")),
                options.getOrDefault("swarm-name", "rendezvous-bench-swarm-"));
    }

    /** 20 ASCII bytes, Azureus-style: {@code -BN0001-} and the peer's number. */
    void writePeerId(int peer, byte[] into, int offset) {
        byte[] prefix = {'-', 'B', 'N', '0', '0', '0', '1', '-'};
        System.arraycopy(prefix, 0, into, offset, prefix.length);
        long n = peer;
        for (int i = 19; i >= 8; i--) {
            into[offset + i] = (byte) ('0' + n % 10);
            n /= 10;
        }
    }

    /** Distinct within a swarm: 1025 + the peer's rank in it. */
    int port(int peer) {
        return 1025 + peer / swarms;
    }

    /** Bytes the peer still lacks: 0 (a seeder) for one peer in ten. */
    long left(int peer) {
        return peer % 10 == 0 ? 0 : 1_000_000;
    }

    /** The info hashes in hex, one a line: opentracker's whitelist (Debian builds it with a whitelist only). */
    String whitelist() {
        StringBuilder out = new StringBuilder();
        for (byte[] hash : infoHashes) {
            for (byte b : hash) {
                out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
