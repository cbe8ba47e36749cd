package dev.rendezvous.admin;

/** Checks of the ids in the admin API's paths. */
final class Ids {
    private Ids() {
    }

    /** An info_hash or peer_id: 40 lowercase hex digits. */
    static String hex40(String name, String value) {
        if (value == null || !value.matches("[0-9a-f]{40}")) {
            throw AdminProblem.badRequest(name + " must be 40 lowercase hex digits");
        }
        return value;
    }

    /**
     * A peer in a room: a WebSocket peer's peer_id (40 lowercase hex digits), or an HTTP or UDP peer's id, its peer_id
     * and compact address (52 digits for IPv4, 76 for IPv6).
     */
    static String peer(String name, String value) {
        if (value == null || !value.matches("[0-9a-f]{40}([0-9a-f]{12}|[0-9a-f]{36})?")) {
            throw AdminProblem.badRequest(name + " must be a peer's id: 40 lowercase hex digits (a peer_id), or 52 or 76"
                    + " (an HTTP or UDP peer's peer_id and address)");
        }
        return value;
    }

    /** An allocation's or a ban's id: 16 lowercase hex digits. */
    static String hex16(String name, String value) {
        if (value == null || !value.matches("[0-9a-f]{16}")) {
            throw AdminProblem.badRequest(name + " must be 16 lowercase hex digits");
        }
        return value;
    }
}
