package dev.rendezvous.tracker;

import dev.rendezvous.config.ConfigSource;
import dev.rendezvous.config.TrackerSettings;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Maps {@link ClientAddressFilter} to the tracker's configured paths, and to nothing else of the application. It supports
 * asynchronous requests, as the HTTP tracker's announces at the same paths may pass it on their way.
 */
@WebListener
public class TrackerPaths implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String[] paths = TrackerSettings.paths(ConfigSource.microProfile()).toArray(String[]::new);
        FilterRegistration.Dynamic filter = event.getServletContext().addFilter("rendezvous-client-address", ClientAddressFilter.class);
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(null, false, paths);
    }
}
