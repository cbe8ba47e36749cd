package dev.rendezvous.tracker.udp;

import dev.rendezvous.tracker.wire.FailureReason;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The UDP tracker's counters as plain maps, for assertions; safe for the loop and the completions together. */
final class CountingUdpMetrics implements UdpTrackerMetrics {
    final Map<UdpAction, LongAdder> requests = new ConcurrentHashMap<>();
    final Map<UdpRefusal, LongAdder> refusals = new ConcurrentHashMap<>();
    final Map<FailureReason, LongAdder> failures = new ConcurrentHashMap<>();
    final Map<UdpDrop, LongAdder> drops = new ConcurrentHashMap<>();

    @Override
    public void request(UdpAction action) {
        requests.computeIfAbsent(action, k -> new LongAdder()).increment();
    }

    @Override
    public void refused(UdpRefusal reason) {
        refusals.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    @Override
    public void failed(FailureReason reason) {
        failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    @Override
    public void dropped(UdpDrop reason) {
        drops.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    static long count(Map<?, LongAdder> counts, Object key) {
        LongAdder adder = counts.get(key);
        return adder == null ? 0 : adder.sum();
    }
}
