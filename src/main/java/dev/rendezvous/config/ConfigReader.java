package dev.rendezvous.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Typed, range-checked reads over a {@link ConfigSource}. Conversion is done here rather than by the
 * config implementation so that every bad value fails start-up with a message naming its key.
 */
public final class ConfigReader {
    private final ConfigSource source;

    public ConfigReader(ConfigSource source) {
        this.source = source;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        String raw = source.get(key).map(String::trim).orElse("");
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(key, "'" + raw + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new InvalidConfigurationException(key, value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue) {
        String raw = source.get(key).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        return switch (raw) {
            case "" -> defaultValue;
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigurationException(key, "'" + raw + "' is neither true nor false");
        };
    }

    /** One of {@code allowed} (case-insensitive), returned as written there. */
    public String oneOf(String key, String defaultValue, String... allowed) {
        String raw = source.get(key).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return Arrays.stream(allowed).filter(raw::equals).findFirst().orElseThrow(() -> new InvalidConfigurationException(
                key, "'" + raw + "' is none of " + String.join(", ", allowed)));
    }

    /** A comma-separated list; blank entries are dropped. */
    public List<String> list(String key) {
        String raw = source.get(key).orElse("");
        return Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
