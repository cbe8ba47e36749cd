package dev.rendezvous.web;

import dev.rendezvous.config.ConfigReader;
import dev.rendezvous.config.ConfigSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.EnumSet;

/**
 * Maps {@link SecurityHeadersFilter} to every path of the application, for requests and for the error pages the
 * container dispatches to, unless {@code rendezvous.security-headers.enabled} is false: an application that embeds
 * Rendezvous' classes may keep a policy of its own for its own pages. The filter supports asynchronous requests.
 */
@WebListener
public class SecurityHeaders implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (new ConfigReader(ConfigSource.microProfile()).bool("rendezvous.security-headers.enabled", true)) {
            FilterRegistration.Dynamic filter = event.getServletContext()
                    .addFilter("rendezvous-security-headers", SecurityHeadersFilter.class);
            // The admin API answers asynchronously (its cluster reads, its event stream): a filter in its chain
            // that does not say it supports that makes every such request fail. This one sets its headers
            // before the chain runs, so it does.
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
                    DispatcherType.ERROR), false, "/*");
        }
    }
}
