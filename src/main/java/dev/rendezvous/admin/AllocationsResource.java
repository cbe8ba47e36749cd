package dev.rendezvous.admin;

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

import java.util.Comparator;
import java.util.concurrent.CompletionStage;

/** {@code /admin/allocations}: every TURN allocation on every node, and ending one. */
@Path("/allocations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "allocations")
public class AllocationsResource {
    @Inject
    Fleet fleet;

    @GET
    @Operation(summary = "Every TURN allocation, oldest first, with its traffic, permissions, channels and connections")
    public CompletionStage<Page<AllocationReport>> allocations(@QueryParam("limit") String limit,
                                                               @QueryParam("cursor") String cursor) {
        Paging.limit(limit);
        Paging.cursor(cursor);
        return fleet.allocations().thenApply(all -> Paging.page(all.stream()
                .sorted(Comparator.comparing(AllocationReport::created).thenComparing(AllocationReport::id)).toList(),
                limit, cursor));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "End an allocation now: its relay closes, and the client's next Refresh gets 437")
    public CompletionStage<AllocationReport> end(@PathParam("id") String id) {
        Ids.hex16("allocation id", id);
        return fleet.end(id).thenApply(ended -> {
            if (ended == null) {
                throw AdminProblem.notFound("no allocation " + id);
            }
            return ended;
        });
    }
}
