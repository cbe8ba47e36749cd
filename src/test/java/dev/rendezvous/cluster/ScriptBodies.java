package dev.rendezvous.cluster;

/** The cluster's Lua scripts exactly as the nodes load them (with what is prepended), for tests on a real Redis. */
public final class ScriptBodies {
    private ScriptBodies() {
    }

    /** The script of {@code file} ({@code announce}, {@code announce_address}, {@code leave}, ...). */
    public static String of(String file) {
        return Script.valueOf(file.toUpperCase()).body();
    }
}
