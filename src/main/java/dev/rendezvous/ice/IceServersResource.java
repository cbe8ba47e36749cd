package dev.rendezvous.ice;

import dev.rendezvous.auth.RestSecrets;
import dev.rendezvous.auth.TrustedProxies;
import dev.rendezvous.config.IceSettings;
import dev.rendezvous.config.LiveSettings;
import dev.rendezvous.config.Settings;
import dev.rendezvous.config.TurnSettings;
import dev.rendezvous.turn.TurnService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * {@code GET /ice-servers}: ephemeral TURN credentials and the STUN/TURN URIs, for browsers. Guarded like the
 * tracker (the origin allowlist) and limited per client address; {@code peer_id} binds the credentials to a peer
 * for tracker-gated TURN, and {@code ttl} may shorten their life. Errors are JSON: {@code {"error": "..."}}.
 */
@Path("")
@RequestScoped
public class IceServersResource {

    /** An error's body. */
    public record Error(String error) {
    }

    /** Start-up settings: ports, whether TURN runs at all. */
    @Inject
    TurnSettings turn;
    @Inject
    LiveSettings live;
    @Inject
    TurnService service;
    @Inject
    CredentialRequests requests;
    @Inject
    TrustedProxies proxies;
    @Context
    HttpServletRequest request;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@QueryParam("peer_id") String peerId, @QueryParam("ttl") String ttl,
                        @HeaderParam("Origin") String origin, @HeaderParam("Host") String hostHeader) {
        Settings now = live.current();
        IceSettings ice = now.ice();
        RestSecrets secrets = now.secrets();
        long maxLifetime = now.turn().credentialTtlSeconds();
        if (!ice.enabled()) {
            return error(Response.Status.NOT_FOUND, "not found (rendezvous.ice-servers.enabled is false)", null).build();
        }
        if (!now.origins().allows(origin)) {
            return error(Response.Status.FORBIDDEN, "origin " + origin + " is not allowed", null).build();
        }
        if (!requests.admit(proxies.clientAddress(request))) {
            return error(Response.Status.TOO_MANY_REQUESTS, "too many credential requests from this address; at most "
                    + ice.requestsPerMinute() + " a minute", origin).header("Retry-After", "60").build();
        }
        if (!turn.enabled() || service.udpProblem() != null) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "the TURN server is not running", origin).build();
        }
        if (!secrets.available()) {
            return error(Response.Status.SERVICE_UNAVAILABLE,
                    "no rendezvous.turn.secrets configured: only static TURN users, which this endpoint does not hand out",
                    origin).build();
        }
        String user;
        if (peerId == null || peerId.isEmpty()) {
            if (turn.trackerGated()) {
                return error(Response.Status.BAD_REQUEST,
                        "peer_id is required: TURN is tracker-gated, so credentials are bound to an announced peer_id",
                        origin).build();
            }
            user = IceServers.anonymousUser();
        } else {
            Optional<String> bound = IceServers.userFor(peerId);
            if (bound.isEmpty()) {
                return error(Response.Status.BAD_REQUEST, "peer_id must be 20 characters or 40 hex digits", origin).build();
            }
            user = bound.get();
        }
        long lifetime = maxLifetime;
        if (ttl != null) {
            try {
                lifetime = Long.parseLong(ttl);
            } catch (NumberFormatException notANumber) {
                lifetime = -1;
            }
            if (lifetime < 1 || lifetime > maxLifetime) {
                return error(Response.Status.BAD_REQUEST, "ttl must be 1 to " + maxLifetime + " seconds",
                        origin).build();
            }
        }
        Optional<String> host = ice.publicHost().isEmpty() ? IceServers.hostOf(hostHeader) : Optional.of(ice.publicHost());
        if (host.isEmpty()) {
            return error(Response.Status.BAD_REQUEST, "no usable Host header, and no rendezvous.public-host configured",
                    origin).build();
        }
        IceServers.Endpoint endpoint = new IceServers.Endpoint(host.get(), turn.port(),
                service.tlsRunning() ? turn.tlsPort() : 0);
        IceServers.Answer answer = IceServers.mint(endpoint, secrets.signing(), user, lifetime,
                System.currentTimeMillis() / 1000);
        return allowOrigin(Response.ok(answer), origin).header("Cache-Control", "no-store").build();
    }

    /** @param origin the caller's origin, to let it read the error; null for one that is refused */
    private static Response.ResponseBuilder error(Response.Status status, String message, String origin) {
        return allowOrigin(Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Error(message)), origin)
                .header("Cache-Control", "no-store");
    }

    /** Lets an allowed page on another origin read the answer (CORS). */
    private static Response.ResponseBuilder allowOrigin(Response.ResponseBuilder response, String origin) {
        return origin == null || origin.isEmpty() ? response
                : response.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
    }
}
