package dev.rendezvous.ice;

import dev.rendezvous.web.JsonErrors;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * JAX-RS for {@code /ice-servers} only. (Mapped at the root, JAX-RS would hide the static pages, and RESTEasy
 * ignores exact-path servlet mappings.)
 */
@ApplicationPath("/ice-servers")
public class IceServersApplication extends Application {
    /**
     * Named, so that the admin API's resources are not served here too (nor these under /admin); with them the quiet
     * JSON errors, which a named application no longer finds by scanning.
     */
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(IceServersResource.class, JsonErrors.class);
    }
}
