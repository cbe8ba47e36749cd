package dev.rendezvous.turn;

/**
 * How many datagrams a listener reads from one ready socket in a selector round: one, unless the socket was ready in
 * the round before too, i.e. it has a backlog; then up to a bound. Reading until a socket is empty costs a receive
 * that finds nothing on every socket in every round, and a socket under steady load carries one datagram per round;
 * the selector is level-triggered, so a datagram left behind makes the socket ready again in the next round, where
 * the backlog is then drained. Used by its listener's thread only.
 */
final class ReadBudget {
    /** The most datagrams one socket gives in a round: a socket with a backlog cannot hold up the others. */
    static final int BACKLOG = 64;

    private long lastReadyRound = Long.MIN_VALUE;

    /** The datagrams to read in {@code round}, where the socket is ready. */
    int next(long round) {
        boolean backlog = lastReadyRound == round - 1;
        lastReadyRound = round;
        return backlog ? BACKLOG : 1;
    }
}
