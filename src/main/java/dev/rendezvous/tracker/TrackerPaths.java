package dev.rendezvous.tracker;

import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.TrackerSettings;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Maps {@link ClientAddressFilter} to the tracker's configured paths, and to nothing else of the application. */
@WebListener
public class TrackerPaths implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String[] paths = TrackerSettings.paths(ConfigSource.microProfile()).toArray(String[]::new);
        event.getServletContext().addFilter("rendezvous-client-address", ClientAddressFilter.class)
                .addMappingForUrlPatterns(null, false, paths);
    }
}
