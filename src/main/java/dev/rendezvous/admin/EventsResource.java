package dev.rendezvous.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /admin/events}: the fleet's events as Server-Sent Events, named by their type, with the event as JSON
 * data. Each subscriber has its own bounded queue, emptied by its own task: a subscriber that reads slowly blocks
 * only that task, its queue fills, later events are lost, and it gets a {@code dropped} event with how many. A
 * comment every 15 s keeps proxies from closing a quiet stream and finds a subscriber that left.
 */
@Path("/events")
@RequestScoped
@Tag(name = "events")
public class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class.getName());
    static final long KEEP_ALIVE_MILLIS = 15_000;
    /** How long one event may take to leave before the subscriber counts as gone (its own task waits, nobody else). */
    static final long SEND_TIMEOUT_SECONDS = 60;

    @Inject
    AdminEvents events;
    @Inject
    LocalNode node;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-Sent Events from every node: peer-joined, peer-left, peer-kicked, allocation-created, "
            + "allocation-ended, node-joined, node-left, node-draining, ban-added; dropped when this subscriber lost some")
    public void subscribe(@Context SseEventSink sink, @Context Sse sse) {
        AdminEvents.Subscriber subscriber = events.subscribe();
        if (subscriber == null) {
            throw new AdminProblem(Response.Status.SERVICE_UNAVAILABLE, "too many event subscribers on this node");
        }
        AdminBeans.managed(() -> pump(subscriber, sink, sse));
    }

    private void pump(AdminEvents.Subscriber subscriber, SseEventSink sink, Sse sse) {
        try {
            send(sink, event(sse, "subscribed", Map.of("node", node.id())));
            while (!sink.isClosed()) {
                AdminEvent event = subscriber.next(KEEP_ALIVE_MILLIS);
                long dropped = subscriber.takeDropped();
                if (dropped > 0) {
                    send(sink, event(sse, "dropped", Map.of("dropped", dropped)));
                }
                if (event == null) {
                    send(sink, sse.newEventBuilder().comment("keep-alive").build());
                } else {
                    send(sink, event(sse, event.type(), event));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception gone) {
            LOG.log(Level.FINE, "an event subscriber left: {0}", gone.toString());
        } finally {
            subscriber.close();
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // closed already
            }
        }
    }

    /** An event whose data is one line of JSON (written here, so that no provider quotes it as a string). */
    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, AdminJson.jsonb().toJson(data)).build();
    }

    private static void send(SseEventSink sink, OutboundSseEvent event) throws Exception {
        sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
