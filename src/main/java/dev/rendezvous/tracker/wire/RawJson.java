package dev.rendezvous.tracker.wire;

import jakarta.json.JsonReader;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;

import java.io.StringReader;
import java.util.Objects;

/**
 * A JSON object carried as its text: the SDP objects of offers and answers, which the tracker forwards without
 * reading them. {@link InboundParser} makes these only from text it has checked to be one complete JSON object,
 * so a frame that embeds the text is valid JSON.
 */
@JsonbTypeSerializer(RawJson.Serializer.class)
public record RawJson(String json) {

    public RawJson {
        Objects.requireNonNull(json, "json");
    }

    @Override
    public String toString() {
        return json;
    }

    /**
     * JSON-B writes the object itself rather than a record with a {@code json} member. Yasson applies it where a
     * RawJson is a record component or the root value, not inside a List or Map. Off the hot path: it parses.
     */
    public static final class Serializer implements JsonbSerializer<RawJson> {
        @Override
        public void serialize(RawJson value, JsonGenerator generator, SerializationContext context) {
            try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(value.json()))) {
                generator.write(reader.readValue());
            }
        }
    }
}
