package dev.rendezvous.tracker.wire;

import java.util.Optional;

/** An announce's {@code event}. Absent and {@code ""} mean {@link #UPDATE}. */
public enum Event {
    STARTED, COMPLETED, STOPPED, UPDATE, PAUSED;

    public static Optional<Event> fromWire(String value) {
        return switch (value) {
            case "started" -> Optional.of(STARTED);
            case "completed" -> Optional.of(COMPLETED);
            case "stopped" -> Optional.of(STOPPED);
            case "update", "" -> Optional.of(UPDATE);
            case "paused" -> Optional.of(PAUSED);
            default -> Optional.empty();
        };
    }
}
