package dev.rendezvous.tracker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The HTTP and UDP peers of one room, keyed by {@link AddressPeer#key()}. Each address family has its own array, so
 * that random peers of one family are drawn in O(wanted) with no scan. Not thread-safe: its {@link Room} guards it.
 */
final class AddressPeers {
    private final Map<String, ListedPeer> byKey = new HashMap<>();
    private final Family v4 = new Family();
    private final Family v6 = new Family();
    private int seeders;

    /** @return the peer now listed, or null if it was already there (it is refreshed) */
    ListedPeer join(String key, AddressPeer peer, Protocol protocol, boolean seeder, long nowNanos) {
        ListedPeer listed = byKey.get(key);
        boolean added = listed == null;
        if (added) {
            listed = new ListedPeer(key, peer, protocol, nowNanos);
            byKey.put(key, listed);
            family(peer).add(listed);
        }
        listed.lastAnnounceNanos = nowNanos;
        if (seeder && !listed.seeder) {
            listed.seeder = true;
            seeders++;
        }
        return added ? listed : null;
    }

    ListedPeer remove(String key) {
        ListedPeer listed = byKey.remove(key);
        if (listed != null) {
            family(listed.peer).remove(listed);
            if (listed.seeder) {
                seeders--;
            }
        }
        return listed;
    }

    ListedPeer get(String key) {
        return byKey.get(key);
    }

    /**
     * Fills {@code into} with distinct random peers other than {@code selfKey}: first of the announcer's own family,
     * then, unless {@code sameFamilyOnly}, of the other.
     *
     * @return how many were chosen
     */
    int pick(String selfKey, boolean ipv6, boolean sameFamilyOnly, AddressPeer[] into) {
        Family own = ipv6 ? v6 : v4;
        int count = own.pick(byKey.get(selfKey), into, 0);
        if (!sameFamilyOnly && count < into.length) {
            count += (ipv6 ? v4 : v6).pick(null, into, count);
        }
        return count;
    }

    /** Removes the peers last heard before {@code cutoffNanos}, telling each to {@code removed}. */
    void sweep(long cutoffNanos, Consumer<ListedPeer> removed) {
        for (Family family : new Family[]{v4, v6}) {
            for (int i = family.size - 1; i >= 0; i--) {
                ListedPeer listed = family.peers[i];
                if (listed.lastAnnounceNanos - cutoffNanos < 0) {
                    remove(listed.key);
                    removed.accept(listed);
                }
            }
        }
    }

    void forEach(Consumer<ListedPeer> visitor) {
        v4.forEach(visitor);
        v6.forEach(visitor);
    }

    int size() {
        return byKey.size();
    }

    int seeders() {
        return seeders;
    }

    private Family family(AddressPeer peer) {
        return peer.ipv6() ? v6 : v4;
    }

    /** One family's peers in an array, for drawing by index. */
    private static final class Family {
        private ListedPeer[] peers = new ListedPeer[4];
        private int size;

        void add(ListedPeer listed) {
            if (size == peers.length) {
                peers = Arrays.copyOf(peers, size * 2);
            }
            listed.slot = size;
            peers[size++] = listed;
        }

        void remove(ListedPeer listed) {
            swap(listed.slot, size - 1);
            peers[--size] = null;
        }

        /** A partial Fisher-Yates shuffle with {@code self} (if of this family) parked last. */
        int pick(ListedPeer self, AddressPeer[] into, int from) {
            int candidates = size;
            if (self != null && self.slot < size && peers[self.slot] == self) {
                swap(self.slot, size - 1);
                candidates--;
            }
            int count = Math.min(into.length - from, candidates);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                swap(i, i + random.nextInt(candidates - i));
                into[from + i] = peers[i].peer;
            }
            return count;
        }

        void forEach(Consumer<ListedPeer> visitor) {
            for (int i = 0; i < size; i++) {
                visitor.accept(peers[i]);
            }
        }

        private void swap(int a, int b) {
            ListedPeer pa = peers[a];
            ListedPeer pb = peers[b];
            peers[a] = pb;
            peers[b] = pa;
            pa.slot = b;
            pb.slot = a;
        }
    }
}
