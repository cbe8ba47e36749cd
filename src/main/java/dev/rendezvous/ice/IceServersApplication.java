package dev.rendezvous.ice;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * JAX-RS for {@code /ice-servers} only. (Mapped at the root, JAX-RS would hide the static pages, and RESTEasy
 * ignores exact-path servlet mappings.)
 */
@ApplicationPath("/ice-servers")
public class IceServersApplication extends Application {
    /** Named, so that the admin API's resources are not served here too (nor these under /admin). */
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(IceServersResource.class);
    }
}
