package dev.rendezvous.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * JAX-RS for {@code /admin}: the operator's API. Its classes are named, so that neither this application nor
 * {@code /ice-servers}' serves the other's resources. {@link AdminFilter} guards every path first.
 */
@ApplicationPath("/admin")
public class AdminApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(NodesResource.class, RoomsResource.class, BansResource.class, AllocationsResource.class,
                EventsResource.class, ReloadResource.class, AdminJson.class, AdminErrors.class);
    }
}
