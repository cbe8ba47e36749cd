package dev.rendezvous.admin;

/** Every error body of the admin API: {@code {"error": "...", "status": 400}}. */
public record ApiError(String error, int status) {
}
