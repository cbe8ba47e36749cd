package dev.rendezvous.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Errors of the REST resources as JSON, {@code {"error": "not found"}}, in the shape the resources' own errors
 * have, without the exception's class or message: JAX-RS implementations otherwise put their message ids and
 * the resource's signature in the answer (or, on Liberty, in a header). A response an application built on
 * purpose (a WebApplicationException carrying an entity, or a redirect) goes out as it was built; anything
 * unexpected is answered 500, and logged in one line when Rendezvous' own code failed.
 */
@Provider
public class JsonErrors implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(JsonErrors.class.getName());

    /** An error's body. */
    public record Error(String error) {
    }

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof WebApplicationException web) {
            Response built = web.getResponse();
            if (built.hasEntity() || built.getStatus() < 400) {
                return built; // an answer built on purpose, or a redirect with its Location
            }
            Response.ResponseBuilder answer = Response.status(built.getStatus());
            // Allow (405), WWW-Authenticate (401) and Retry-After (503) belong to the error; nothing else is kept.
            for (String header : new String[]{"Allow", "WWW-Authenticate", "Retry-After"}) {
                String value = built.getHeaderString(header);
                if (value != null) {
                    answer.header(header, value);
                }
            }
            return body(answer, ErrorPage.reason(built.getStatus()));
        }
        if (thrownByOurCode(exception)) {
            LOG.warning(() -> "A REST request failed: " + exception);
        }
        LOG.log(Level.FINE, "A REST request failed", exception);
        return body(Response.serverError(), ErrorPage.reason(500));
    }

    /**
     * Whether the failure passed through Rendezvous' own code (a resource, a service), not only through the REST
     * runtime: a client can make the runtime fail at will (RESTEasy answers an Accept header it cannot parse with a
     * 500), and a log line per such request would let anyone flood the log. This package's filters are below every
     * request, so they do not count.
     */
    static boolean thrownByOurCode(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String type = frame.getClassName();
                if (type.startsWith("dev.rendezvous.") && !type.startsWith(JsonErrors.class.getPackageName() + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Response body(Response.ResponseBuilder answer, String reason) {
        return answer.type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Error(reason.toLowerCase(java.util.Locale.ROOT))).build();
    }
}
