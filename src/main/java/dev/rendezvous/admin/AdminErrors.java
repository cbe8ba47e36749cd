package dev.rendezvous.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure of the admin API as a short JSON body: a refused request keeps its status (404 for an unknown path,
 * 405 for a wrong method, 415, 406 ...), and anything unexpected is a 500 that names no class (the log has it).
 */
@Provider
public class AdminErrors implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(AdminErrors.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof java.util.concurrent.CompletionException
                || failure instanceof java.util.concurrent.ExecutionException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof AdminProblem problem) {
            return problem.getResponse();
        }
        if (failure instanceof WebApplicationException web) {
            Response refused = web.getResponse();
            int status = refused.getStatus();
            Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(sentence(status), status));
            if (refused.getHeaderString("Allow") != null) {
                response.header("Allow", refused.getHeaderString("Allow"));
            }
            return response.build();
        }
        LOG.log(Level.WARNING, "admin request failed", failure);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("internal error", 500)).build();
    }

    private static String sentence(int status) {
        return switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: the API answers application/json";
            case 415 -> "unsupported media type";
            case 400 -> "bad request";
            default -> Response.Status.fromStatusCode(status) == null ? "error"
                    : Response.Status.fromStatusCode(status).getReasonPhrase().toLowerCase();
        };
    }
}
