package dev.rendezvous.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /admin/reload}: the node that receives it re-reads its settings file and access list now. The answer is
 * the reload's outcome: 200 when applied, 422 (the same JSON) when refused, the running settings kept.
 */
@Path("/reload")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "nodes")
public class ReloadResource {
    /** A refused reload: the file was read, and what it says cannot be applied. */
    static final int REFUSED = 422;

    @Inject
    Fleet fleet;
    @Inject
    LocalNode node;

    @POST
    @Operation(summary = "Reload this node's live settings (its settings file and access list) now")
    @APIResponse(responseCode = "200", description = "applied",
            content = @Content(schema = @Schema(implementation = ReloadReport.class)))
    @APIResponse(responseCode = "422", description = "refused whole, naming the key; the running settings stay",
            content = @Content(schema = @Schema(implementation = ReloadReport.class)))
    public CompletionStage<Response> reload() {
        return fleet.reload(node.id()).thenApply(ReloadResource::answer);
    }

    static Response answer(ReloadReport outcome) {
        return Response.status(outcome.applied() ? 200 : REFUSED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(outcome).build();
    }
}
