package dev.rendezvous.web;

import dev.rendezvous.config.ConfigReader;
import dev.rendezvous.config.ConfigSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.EnumSet;

/**
 * Maps {@link SecurityHeadersFilter} to every path of the application, for requests and for the error pages the
 * container dispatches to, unless {@code rendezvous.security-headers.enabled} is false: an application that embeds
 * Rendezvous' classes may keep a policy of its own for its own pages.
 */
@WebListener
public class SecurityHeaders implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (new ConfigReader(ConfigSource.microProfile()).bool("rendezvous.security-headers.enabled", true)) {
            var filter = event.getServletContext().addFilter("rendezvous-security-headers", SecurityHeadersFilter.class);
            // it only sets headers before the chain runs, so it may stand in front of asynchronous resources (the
            // admin API answers with CompletionStages; without this, Liberty refuses them with a 500)
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
                            DispatcherType.ERROR), false, "/*");
        }
    }
}
