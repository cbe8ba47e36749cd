package dev.rendezvous.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A request the API refuses, with the status and the sentence the operator reads. */
public final class AdminProblem extends WebApplicationException {
    public AdminProblem(Response.Status status, String error) {
        super(error, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(error, status.getStatusCode())).build());
    }

    static AdminProblem badRequest(String error) {
        return new AdminProblem(Response.Status.BAD_REQUEST, error);
    }

    static AdminProblem notFound(String error) {
        return new AdminProblem(Response.Status.NOT_FOUND, error);
    }
}
