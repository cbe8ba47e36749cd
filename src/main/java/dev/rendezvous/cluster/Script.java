package dev.rendezvous.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** One of the Lua scripts that change the shared state atomically, read from this package's resources. */
enum Script {
    ANNOUNCE(true), ANNOUNCE_ADDRESS(true), LEAVE, EVICT, FORGET, SCRAPE, ROUTE, PRESENCE, HEARTBEAT, RESYNC;

    private final String body;

    Script() {
        this(false);
    }

    /** @param joins whether the script joins peers and draws others with join.lua's functions, prepended to it */
    Script(boolean joins) {
        String own = load(name().toLowerCase() + ".lua");
        body = joins ? load("join.lua") + own : own;
    }

    String body() {
        return body;
    }

    private static String load(String file) {
        try (InputStream in = Script.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing cluster script " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
