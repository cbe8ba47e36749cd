package dev.rendezvous.config;

/**
 * The HTTP tracker's configuration (BEP 3 announces and BEP 48 scrapes over plain GETs), read once at start-up: it
 * decides which paths the servlet filter is mapped to.
 *
 * @param enabled answer plain GETs at the tracker's announce paths and their scrape paths
 */
public record HttpTrackerSettings(boolean enabled) {
    public static final String ENABLED = "rendezvous.tracker.http.enabled";

    public static HttpTrackerSettings read(ConfigSource source) {
        return new HttpTrackerSettings(new ConfigReader(source).bool(ENABLED, true));
    }
}
