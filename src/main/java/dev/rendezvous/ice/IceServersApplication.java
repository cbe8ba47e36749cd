package dev.rendezvous.ice;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * JAX-RS for {@code /ice-servers} only. (Mapped at the root, JAX-RS would hide the static pages, and RESTEasy
 * ignores exact-path servlet mappings.)
 */
@ApplicationPath("/ice-servers")
public class IceServersApplication extends Application {
}
