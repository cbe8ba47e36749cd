package dev.rendezvous.turn;

/** Hears allocations made and ended, for the operator's events. Must return at once: it runs on a listener thread. */
public interface AllocationListener {
    void created(Allocation allocation);

    void ended(Allocation allocation);
}
