package dev.rendezvous.ops;

import dev.rendezvous.config.ConfigReader;
import dev.rendezvous.config.ConfigSource;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Maps {@code /stats} and {@code /stats.json} ({@link StatsServlet}) unless {@code rendezvous.stats.enabled} is
 * false, so that an application embedding Rendezvous can leave them out.
 */
@WebListener
public class StatsPages implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (new ConfigReader(ConfigSource.microProfile()).bool("rendezvous.stats.enabled", true)) {
            event.getServletContext().addServlet("rendezvous-stats", StatsServlet.class).addMapping("/stats", "/stats.json");
        }
    }
}
