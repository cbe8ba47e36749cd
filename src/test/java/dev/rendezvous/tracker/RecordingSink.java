package dev.rendezvous.tracker;

import dev.rendezvous.tracker.wire.OutboundMessage;

import java.util.ArrayList;
import java.util.List;

/** A socket's transport for tests: keeps what it was sent. */
final class RecordingSink implements OutboundSink {
    final List<OutboundMessage> sent = new ArrayList<>();
    boolean closedIdle;

    @Override
    public synchronized void send(OutboundMessage message) {
        sent.add(message);
    }

    boolean closedGoingAway;
    final List<String> texts = new ArrayList<>();

    @Override
    public synchronized void sendText(String frame) {
        texts.add(frame);
    }

    @Override
    public void closeIdle() {
        closedIdle = true;
    }

    @Override
    public void closeGoingAway() {
        closedGoingAway = true;
    }

    boolean closedKicked;

    @Override
    public void closeKicked() {
        closedKicked = true;
    }

    synchronized <T extends OutboundMessage> List<T> sentOf(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
