package dev.rendezvous.tracker.wire;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** The one shared, thread-safe JSON-B instance: building one per frame or per codec costs far more. */
final class Json {
    static final Jsonb JSONB = JsonbBuilder.create();

    private Json() {
    }
}
