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

    /** An allocation's or a ban's id: 16 lowercase hex digits. */
    static String hex16(String name, String value) {
        if (value == null || !value.matches("[0-9a-f]{16}")) {
            throw AdminProblem.badRequest(name + " must be 16 lowercase hex digits");
        }
        return value;
    }
}
