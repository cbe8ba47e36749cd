package dev.rendezvous.config;

/** A configuration value that Rendezvous refuses to start with. The message always names the key. */
public final class InvalidConfigurationException extends RuntimeException {
    private final String key;

    public InvalidConfigurationException(String key, String problem) {
        super("Invalid configuration " + key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
