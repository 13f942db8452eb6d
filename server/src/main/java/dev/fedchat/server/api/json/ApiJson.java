package dev.fedchat.server.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The two JSON dialects of the client API. Views hold dates as {@link Instant}; REST writes them
 * as ISO-8601 with milliseconds ({@code 2026-11-27T03:04:05.000Z}), DDP as EJSON
 * {@code {"$date": <epoch ms>}} (client-api.md §1, §3). Everything else is shared.
 */
public final class ApiJson {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ApiJson() {}

    public static ObjectMapper rest() {
        return base().registerModule(new SimpleModule("rest-dates").addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(ISO.format(value));
            }
        }));
    }

    public static ObjectMapper ddp() {
        return base().registerModule(new SimpleModule("ejson-dates").addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeStartObject();
                gen.writeNumberField("$date", value.toEpochMilli());
                gen.writeEndObject();
            }
        }));
    }

    /** ISO-8601 text of an epoch-ms time, as REST shows it. */
    public static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    private static ObjectMapper base() {
        return new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    }
}
