package dev.rendezvous.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** {@code /admin/nodes}: every node, a reload of one's live settings, and the drain a rolling deploy starts before it stops one. */
@Path("/nodes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "nodes")
public class NodesResource {
    @Inject
    Fleet fleet;
    @Inject
    AdminEvents events;

    @GET
    @Operation(summary = "Every node: id, version, uptime, sockets, rooms, peers, allocations, engine state, draining")
    public CompletionStage<Page<NodeReport>> nodes(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Paging.limit(limit);
        Paging.cursor(cursor);
        return fleet.nodes().thenApply(nodes -> Paging.page(
                nodes.stream().sorted(Comparator.comparing(NodeReport::id)).toList(), limit, cursor));
    }

    @POST
    @Path("/{id}/reload")
    @Operation(summary = "Reload a node's live settings now, on that node (200 applied, 422 refused: same JSON)")
    public CompletionStage<Response> reload(@PathParam("id") String id) {
        checkId(id);
        return fleet.reload(id).thenApply(outcome -> {
            if (outcome == null) {
                throw AdminProblem.notFound("no node " + id);
            }
            return ReloadResource.answer(outcome);
        });
    }

    @POST
    @Path("/{id}/drain")
    @Operation(summary = "Drain a node as SIGTERM would (not ready, sockets closed with 1001, no new allocations), "
            + "without ending its process")
    public CompletionStage<Map<String, Object>> drain(@PathParam("id") String id) {
        checkId(id);
        return fleet.drain(id).thenApply(started -> {
            if (!started) {
                throw AdminProblem.notFound("no node " + id);
            }
            events.draining(id);
            return Map.of("node", id, "draining", true);
        });
    }

    private static void checkId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw AdminProblem.badRequest("a node id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }
}
