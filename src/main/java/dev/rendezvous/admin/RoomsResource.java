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

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** {@code /admin/rooms}: the rooms, largest first; a room's peers; and the kick (with an optional ban). */
@Path("/rooms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rooms")
public class RoomsResource {
    /** The longest ban: a year. */
    static final long MAX_BAN_SECONDS = 365L * 24 * 3600;

    @Inject
    Fleet fleet;
    @Inject
    AdminEvents events;

    /** What a kick did: the peer as it was, and the ban it made, if asked. */
    public record Kicked(PeerReport kicked, BanReport ban) {
    }

    @GET
    @Operation(summary = "Rooms with their seeders and leechers over every node, largest first")
    public CompletionStage<Page<RoomReport>> rooms(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Paging.limit(limit);
        Paging.cursor(cursor);
        return fleet.rooms().thenApply(perNode -> {
            Map<String, RoomReport> merged = new LinkedHashMap<>();
            for (RoomReport room : perNode) {
                merged.merge(room.infoHash(), room, RoomReport::plus);
            }
            List<RoomReport> sorted = merged.values().stream()
                    .sorted(Comparator.comparingInt(RoomReport::peers).reversed().thenComparing(RoomReport::infoHash))
                    .toList();
            return Paging.page(sorted, limit, cursor);
        });
    }

    @GET
    @Path("/{info_hash}")
    @Operation(summary = "A room's peers on every node, by peer_id")
    public CompletionStage<Page<PeerReport>> peers(@PathParam("info_hash") String infoHash,
                                                   @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Ids.hex40("info_hash", infoHash);
        Paging.limit(limit);
        Paging.cursor(cursor);
        return fleet.peers(infoHash).thenApply(peers -> {
            if (peers.isEmpty()) {
                throw AdminProblem.notFound("no peer in room " + infoHash);
            }
            return Paging.page(peers.stream().sorted(Comparator.comparing(PeerReport::peerId)
                    .thenComparing(PeerReport::node)).toList(), limit, cursor);
        });
    }

    @DELETE
    @Path("/{info_hash}/peers/{peer_id}")
    @Operation(summary = "Kick a peer (by its id as the room lists it): it leaves the room everywhere and a WebSocket "
            + "peer's socket closes with 4001 (an HTTP or UDP peer is listed again if it re-announces); with ban=SECONDS "
            + "its peer_id and client address are refused on every node for that long")
    public CompletionStage<Kicked> kick(@PathParam("info_hash") String infoHash, @PathParam("peer_id") String peerId,
                                        @QueryParam("ban") String ban) {
        Ids.hex40("info_hash", infoHash);
        Ids.peer("peer_id", peerId);
        long banSeconds = banSeconds(ban);
        return fleet.kick(infoHash, peerId).thenCompose(kicked -> {
            if (kicked == null) {
                throw AdminProblem.notFound("no peer " + peerId + " in room " + infoHash);
            }
            events.kicked(kicked);
            if (banSeconds == 0) {
                return java.util.concurrent.CompletableFuture.completedFuture(new Kicked(kicked, null));
            }
            long now = System.currentTimeMillis();
            BanList.Ban made = new BanList.Ban(BansResource.newId(), kicked.peerId(), BanList.normalise(kicked.address()), now,
                    now + banSeconds * 1000);
            return fleet.ban(made).thenApply(done -> {
                events.banned(made);
                return new Kicked(kicked, BansResource.report(made));
            });
        });
    }

    private static long banSeconds(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (!text.matches("[0-9]{1,9}") || Long.parseLong(text) < 1 || Long.parseLong(text) > MAX_BAN_SECONDS) {
            throw AdminProblem.badRequest("ban must be a whole number of seconds from 1 to " + MAX_BAN_SECONDS);
        }
        return Long.parseLong(text);
    }
}
