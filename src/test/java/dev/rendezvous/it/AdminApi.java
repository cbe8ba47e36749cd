package dev.rendezvous.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        List<String> headers = new ArrayList<>();
        if (bearer != null) {
            headers.addAll(List.of("Authorization", "Bearer " + bearer));
        }
        if (forwardedFor != null) {
            headers.addAll(List.of("X-Forwarded-For", forwardedFor));
        }
        return SmokeChecks.request(base, Duration.ofSeconds(60), method, path, headers.toArray(String[]::new));
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

    /** The item of {@code items} whose number {@code field} is {@code value}, or null. */
    static JsonObject find(JsonArray items, String field, int value) {
        for (JsonValue item : items) {
            JsonObject object = item.asJsonObject();
            if (object.containsKey(field) && object.get(field).getValueType() == JsonValue.ValueType.NUMBER
                    && object.getInt(field) == value) {
                return object;
            }
        }
        return null;
    }
}
