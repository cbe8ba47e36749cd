package dev.rendezvous.admin;

import dev.rendezvous.config.AdminSettings;

import java.util.List;

/**
 * The admin API's pages: {@code limit} (1 to {@link AdminSettings#MAX_PAGE}, 100 by default) and {@code cursor}, the
 * {@code next} of the page before (an offset into the list's order, opaque to clients). Both arrive as text, so that a
 * bad value is a clear 400 rather than the 404 JAX-RS gives a parameter it cannot convert.
 */
final class Paging {
    static final int DEFAULT_LIMIT = 100;

    private Paging() {
    }

    static <T> Page<T> page(List<T> sorted, String limitText, String cursorText) {
        int limit = limit(limitText);
        int from = cursor(cursorText);
        int to = Math.min(sorted.size(), from + limit);
        List<T> items = from >= sorted.size() ? List.of() : List.copyOf(sorted.subList(from, to));
        return new Page<>(items, to < sorted.size() ? Integer.toString(to) : null, sorted.size());
    }

    static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > AdminSettings.MAX_PAGE) {
            throw AdminProblem.badRequest("limit must be a whole number from 1 to " + AdminSettings.MAX_PAGE);
        }
        return Integer.parseInt(text);
    }

    static int cursor(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (!text.matches("[0-9]{1,9}")) {
            throw AdminProblem.badRequest("cursor must be the next value of a previous page");
        }
        return Integer.parseInt(text);
    }
}
