package dev.rendezvous.tracker.wire;

import java.util.Optional;

/**
 * An announce's {@code event}. Absent, {@code ""} and {@code "empty"} mean {@link #UPDATE} ({@code "empty"} is BEP 3's
 * spelling of "no event", and the reference server reads it so).
 */
public enum Event {
    STARTED, COMPLETED, STOPPED, UPDATE, PAUSED;

    public static Optional<Event> fromWire(String value) {
        return switch (value) {
            case "started" -> Optional.of(STARTED);
            case "completed" -> Optional.of(COMPLETED);
            case "stopped" -> Optional.of(STOPPED);
            case "update", "", "empty" -> Optional.of(UPDATE);
            case "paused" -> Optional.of(PAUSED);
            default -> Optional.empty();
        };
    }
}
