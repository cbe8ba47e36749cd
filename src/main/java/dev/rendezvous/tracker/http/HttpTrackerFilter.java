package dev.rendezvous.tracker.http;

import dev.rendezvous.auth.TrustedProxies;
import dev.rendezvous.tracker.AddressAnnounce;
import dev.rendezvous.tracker.AddressTracker;
import dev.rendezvous.tracker.Protocol;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The HTTP tracker: a plain GET (no {@code Upgrade} header) at an announce path is a BEP 3 announce, at a scrape path a
 * BEP 48 scrape; a WebSocket upgrade at the same path, and every other method, goes on down the chain unchanged. A filter rather than a servlet,
 * because the WebSocket tracker already owns these paths, and a filter is the portable way to answer plain GETs in
 * front of a WebSocket endpoint. Mapped by {@link HttpTrackerPaths}.
 * <p>
 * Every answer is HTTP 200 with a bencoded body, {@code failure reason} included, as trackers answer: a client shows
 * the reason to its user. When the swarms answer at once (one node) the answer is written on the request's thread;
 * otherwise (a cluster, waiting on Redis) the request goes asynchronous and no container thread waits.
 */
public class HttpTrackerFilter extends HttpFilter {
    /** Init parameter naming what the filter answers at its paths: {@code announce} or {@code scrape}. */
    static final String ACTION = "action";
    /** Time an asynchronous answer may take before the client is told to come back. */
    private static final long ASYNC_TIMEOUT_MILLIS = 20_000;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    @Inject
    AddressTracker tracker;
    @Inject
    TrustedProxies proxies;
    @Inject
    HttpTrackerMetrics metrics;

    private boolean scrape;

    @Override
    public void init() {
        scrape = "scrape".equals(getInitParameter(ACTION));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"GET".equals(request.getMethod()) || request.getHeader("Upgrade") != null) {
            chain.doFilter(request, response);
            return;
        }
        String client = proxies.clientAddress(request);
        if (tracker.banned(client)) {
            refuse(response, HttpRefusal.ADDRESS_BANNED);
        } else if (scrape) {
            scrape(request, response);
        } else {
            announce(request, response, client);
        }
    }

    private void announce(HttpServletRequest request, HttpServletResponse response, String client) throws IOException {
        Checked<AnnounceQuery> checked = AnnounceQuery.parse(request.getQueryString());
        if (!checked.isOk()) {
            refuse(response, checked.refusal());
            return;
        }
        AnnounceQuery query = checked.value();
        byte[] address = addressBytes(client);
        if (address == null) { // a trusted proxy named something that is no address: nothing to hand out to peers
            refuse(response, HttpRefusal.UNAVAILABLE);
            return;
        }
        long left = query.left() == AnnounceQuery.LEFT_UNKNOWN ? Long.MAX_VALUE : query.left(); // no left: a leecher
        AddressAnnounce announce = new AddressAnnounce(Protocol.HTTP, query.infoHash(), query.peerId(), address,
                query.port(), query.event(), left, query.numwant());
        answer(request, response, tracker.announce(announce, false), reply -> reply.failure() != null
                ? HttpTrackerReplies.failure(reply.failure().text())
                : HttpTrackerReplies.announce(reply, query));
    }

    private void scrape(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Checked<ScrapeQuery> checked = ScrapeQuery.parse(request.getQueryString());
        if (!checked.isOk()) {
            refuse(response, checked.refusal());
            return;
        }
        answer(request, response, tracker.scrape(Protocol.HTTP, checked.value().infoHashes()), reply -> reply.failure() != null
                ? HttpTrackerReplies.failure(reply.failure().text())
                : HttpTrackerReplies.scrape(reply));
    }

    /** Writes the body {@code stage} leads to: at once when it is complete already, else when it completes. */
    private <T> void answer(HttpServletRequest request, HttpServletResponse response, CompletionStage<T> stage,
                            Function<T, byte[]> body) throws IOException {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (future.isDone()) {
            write(response, bodyOf(future, body));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(ASYNC_TIMEOUT_MILLIS);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (answered.compareAndSet(false, true)) {
                    metrics.refused(HttpRefusal.UNAVAILABLE);
                    write((HttpServletResponse) async.getResponse(), HttpTrackerReplies.failure(HttpRefusal.UNAVAILABLE.text()));
                    async.complete();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        // The stage completes on a Redis client thread: the answer is written on a container thread instead, so that a
        // client that does not read can never hold up the thread that serves every node's Redis replies.
        future.whenComplete((result, error) -> async.start(() -> {
            if (answered.compareAndSet(false, true)) {
                try {
                    write((HttpServletResponse) async.getResponse(), bodyOf(future, body));
                } catch (IOException clientGone) {
                    // nothing to tell a client that has gone
                } finally {
                    async.complete();
                }
            }
        }));
    }

    /** The body of a completed stage; the core never fails one, but if it did the client is told to come back. */
    private <T> byte[] bodyOf(CompletableFuture<T> done, Function<T, byte[]> body) {
        if (done.isCompletedExceptionally()) {
            metrics.refused(HttpRefusal.UNAVAILABLE);
            return HttpTrackerReplies.failure(HttpRefusal.UNAVAILABLE.text());
        }
        return body.apply(done.join());
    }

    private void refuse(HttpServletResponse response, HttpRefusal reason) throws IOException {
        metrics.refused(reason);
        write(response, HttpTrackerReplies.failure(reason.text()));
    }

    private static void write(HttpServletResponse response, byte[] body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * The 4 or 16 bytes of an IP literal (an IPv4-mapped IPv6 address gives its 4), or null when {@code text} is not
     * one; never a name lookup.
     */
    static byte[] addressBytes(String text) {
        String literal = text;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!IP_LITERAL.matcher(literal).matches() || literal.indexOf(':') < 0 && literal.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
