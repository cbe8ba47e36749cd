package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin API of one server, as an operator's script calls it: a bearer token, JSON in and out. */
final class AdminApi {
    private final String base;
    private final String token;

    AdminApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The status and body of {@code method path} with this API's token (or none when it is null). */
    HttpResponse<String> call(String method, String path) {
        return call(method, path, token, null);
    }

    HttpResponse<String> call(String method, String path, String bearer, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            return Server.HTTP_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code path}, which must answer 200, as JSON. */
    JsonObject get(String path) {
        return ok("GET", path);
    }

    JsonObject ok(String method, String path) {
        HttpResponse<String> response = call(method, path);
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** The items of the list at {@code path}. */
    JsonArray items(String path) {
        return get(path).getJsonArray("items");
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** The item of {@code items} whose {@code field} is {@code value}, or null. */
    static JsonObject find(JsonArray items, String field, String value) {
        for (JsonValue item : items) {
            JsonObject object = item.asJsonObject();
            if (object.containsKey(field) && object.get(field).getValueType() == JsonValue.ValueType.STRING
                    && object.getString(field).equals(value)) {
                return object;
            }
        }
        return null;
    }
}
