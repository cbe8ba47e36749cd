package dev.rendezvous.admin;

import dev.rendezvous.auth.BanList;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/** {@code /admin/bans}: the bans in force (made by a kick with {@code ban}), and lifting one. */
@Path("/bans")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bans")
public class BansResource {
    @Inject
    Fleet fleet;

    @GET
    @Operation(summary = "The bans in force, oldest first")
    public Page<BanReport> bans(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.page(fleet.bans().stream().map(BansResource::report).toList(), limit, cursor);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Lift a ban on every node")
    public CompletionStage<Map<String, Object>> unban(@PathParam("id") String id) {
        Ids.hex16("ban id", id);
        return fleet.unban(id).thenApply(lifted -> {
            if (!lifted) {
                throw AdminProblem.notFound("no ban " + id);
            }
            return Map.of("id", id, "lifted", true);
        });
    }

    static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    static BanReport report(BanList.Ban ban) {
        return new BanReport(ban.id(), ban.peerId(), ban.address(), Instant.ofEpochMilli(ban.createdMillis()).toString(),
                Instant.ofEpochMilli(ban.expiresMillis()).toString());
    }
}
