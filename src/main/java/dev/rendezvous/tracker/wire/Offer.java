package dev.rendezvous.tracker.wire;

/** One entry of an announce's {@code offers}: the SDP object is opaque and forwarded verbatim. */
public record Offer(String offerId, RawJson offer) {
}
