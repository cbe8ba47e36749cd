package dev.rendezvous.tracker.udp;

import dev.rendezvous.auth.AccessList;
import dev.rendezvous.auth.BanList;
import dev.rendezvous.config.AbuseLimits;
import dev.rendezvous.config.TrackerSettings;
import dev.rendezvous.ops.UnpublishedTrackerMetrics;
import dev.rendezvous.tracker.AddressTracker;
import dev.rendezvous.tracker.ClusterView;
import dev.rendezvous.tracker.RoomRegistry;

import java.util.Map;
import java.util.Optional;

/** The real swarm registry of one node (no cluster), as the UDP tracker's tests run it. */
final class Swarms {
    final RoomRegistry registry = new RoomRegistry();
    final BanList bans = new BanList();
    final AddressTracker tracker;

    Swarms(Map<String, String> config) {
        TrackerSettings settings = TrackerSettings.read(key -> Optional.ofNullable(config.get(key)));
        AbuseLimits limits = AbuseLimits.read(key -> Optional.ofNullable(config.get(key)));
        tracker = new AddressTracker(() -> settings, () -> limits, () -> AccessList.OFF, registry,
                new UnpublishedTrackerMetrics(), ClusterView.SINGLE_NODE, bans);
    }
}
