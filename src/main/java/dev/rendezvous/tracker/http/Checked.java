package dev.rendezvous.tracker.http;

/** A request's parameters, checked: either the value or why it is refused. */
record Checked<T>(T value, HttpRefusal refusal) {

    static <T> Checked<T> ok(T value) {
        return new Checked<>(value, null);
    }

    static <T> Checked<T> refused(HttpRefusal refusal) {
        return new Checked<>(null, refusal);
    }

    boolean isOk() {
        return refusal == null;
    }
}
