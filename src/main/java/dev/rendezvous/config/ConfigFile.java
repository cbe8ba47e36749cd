package dev.rendezvous.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live settings file, {@code rendezvous.config-file} ({@code RENDEZVOUS_CONFIG_FILE}): a {@code .properties}
 * file with the same keys as every other source, as a MicroProfile Config source that overrides system properties,
 * environment variables and {@code server.xml} for the keys it names. Registered through
 * {@code META-INF/services}; the file is named by a system property or an environment variable, since a config
 * source cannot read the configuration it is part of.
 * <p>
 * What it serves is what {@link SettingsReload} last applied: the file as read at start-up, then each accepted
 * reload, with restart-only keys kept at their start-up values.
 */
public final class ConfigFile implements org.eclipse.microprofile.config.spi.ConfigSource {
    public static final String KEY = "rendezvous.config-file";
    /** Above Liberty's server.xml variables (500) and appProperties (600), system properties (400) and env (300). */
    public static final int ORDINAL = 700;

    private final Optional<Path> path;
    private final Map<String, String> atStart;
    private final InvalidConfigurationException problem;
    private volatile Map<String, String> values;

    public ConfigFile() {
        this(locate());
    }

    ConfigFile(Optional<Path> path) {
        this.path = path;
        Map<String, String> read = Map.of();
        InvalidConfigurationException failure = null;
        if (path.isPresent()) {
            try {
                read = PropertiesFile.read(KEY, path.get());
            } catch (InvalidConfigurationException e) {
                failure = e;
            }
        }
        this.atStart = Map.copyOf(read);
        this.values = atStart;
        this.problem = failure;
    }

    private static Optional<Path> locate() {
        String named = System.getProperty(KEY);
        if (named == null || named.isBlank()) {
            named = System.getenv("RENDEZVOUS_CONFIG_FILE");
        }
        return named == null || named.isBlank() ? Optional.empty() : Optional.of(Path.of(named.trim()));
    }

    /** The file, when one is named. */
    public Optional<Path> path() {
        return path;
    }

    /** Why the file could not be read at start-up (start-up then fails with this message), if it could not. */
    public Optional<InvalidConfigurationException> problem() {
        return Optional.ofNullable(problem);
    }

    /** The file's values at start-up: what restart-only keys keep until the next start. */
    Map<String, String> atStart() {
        return atStart;
    }

    Map<String, String> values() {
        return values;
    }

    void replace(Map<String, String> applied) {
        values = Map.copyOf(applied);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return values;
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "Rendezvous settings file " + path.map(Path::toString).orElse("(none)");
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
