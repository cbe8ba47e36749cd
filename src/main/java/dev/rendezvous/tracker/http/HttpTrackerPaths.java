package dev.rendezvous.tracker.http;

import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.HttpTrackerSettings;
import dev.rendezvous.config.TrackerSettings;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@link HttpTrackerFilter} to the tracker's announce paths (the paths of {@code rendezvous.tracker.paths} whose
 * last segment starts with {@code announce}; {@code /} is not one, so a plain GET there still serves the dashboard)
 * and to their scrape paths (BEP 48: that {@code announce} replaced by {@code scrape}), unless
 * {@code rendezvous.tracker.http.enabled} is false.
 */
@WebListener
public class HttpTrackerPaths implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ConfigSource config = ConfigSource.microProfile();
        if (!HttpTrackerSettings.read(config).enabled()) {
            return;
        }
        List<String> announce = announcePaths(TrackerSettings.paths(config));
        if (announce.isEmpty()) {
            return;
        }
        map(event, "announce", announce);
        map(event, "scrape", announce.stream().map(HttpTrackerPaths::scrapePath).toList());
    }

    private static void map(ServletContextEvent event, String action, List<String> paths) {
        FilterRegistration.Dynamic filter = event.getServletContext()
                .addFilter("rendezvous-http-tracker-" + action, HttpTrackerFilter.class);
        filter.setInitParameter(HttpTrackerFilter.ACTION, action);
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(null, false, paths.toArray(String[]::new));
    }

    /** The paths among {@code trackerPaths} that BEP 48 calls announce URLs: their last segment starts with announce. */
    public static List<String> announcePaths(List<String> trackerPaths) {
        List<String> announce = new ArrayList<>();
        for (String path : trackerPaths) {
            if (path.startsWith("announce", path.lastIndexOf('/') + 1)) {
                announce.add(path);
            }
        }
        return announce;
    }

    /** {@code /announce} -> {@code /scrape}, {@code /x/announce.php} -> {@code /x/scrape.php}. */
    static String scrapePath(String announcePath) {
        int last = announcePath.lastIndexOf('/') + 1;
        return announcePath.substring(0, last) + "scrape" + announcePath.substring(last + "announce".length());
    }
}
