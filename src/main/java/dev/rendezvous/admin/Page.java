package dev.rendezvous.admin;

import java.util.List;

/**
 * One page of a list: {@code next} is the cursor of the page after it, or null on the last page.
 *
 * @param total how many items the whole list holds
 */
public record Page<T>(List<T> items, String next, int total) {
}
