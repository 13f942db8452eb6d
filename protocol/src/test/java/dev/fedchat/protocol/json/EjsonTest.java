package dev.fedchat.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.Vectors;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EJSON as Meteor writes it: typed values, escapes, and the vector's event. */
class EjsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void typedValues_haveMeteorsForms() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ts", Instant.ofEpochMilli(1600086400123L));
        value.put("bytes", new byte[] {1, 2, (byte) 255});
        value.put("nan", Double.NaN);
        value.put("up", Double.POSITIVE_INFINITY);
        value.put("down", Double.NEGATIVE_INFINITY);
        value.put("list", List.of(1, "two", true));
        value.put("none", null);
        assertThat(JSON.writeValueAsString(Ejson.toJsonValue(value))).isEqualTo("{\"ts\":{\"$date\":1600086400123},"
                + "\"bytes\":{\"$binary\":\"AQL/\"},\"nan\":{\"$InfNaN\":0},\"up\":{\"$InfNaN\":1},\"down\":{\"$InfNaN\":-1},"
                + "\"list\":[1,\"two\",true],\"none\":null}");
    }

    @Test
    void everything_roundTrips() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ts", Instant.ofEpochMilli(42));
        value.put("nested", Map.of("deep", List.of(Map.of("when", Instant.ofEpochMilli(7)))));
        value.put("n", 12L);
        value.put("x", 1.5);
        Object back = Ejson.fromJsonValue(Ejson.toJsonValue(value));
        assertThat(back).isEqualTo(value);
        byte[] bytes = {9, 8, 7};
        assertThat((byte[]) Ejson.fromJsonValue(Ejson.toJsonValue(bytes))).isEqualTo(bytes);
        assertThat((Double) Ejson.fromJsonValue(Ejson.toJsonValue(Double.NaN))).isNaN();
    }

    @Test
    void plainObjectsThatLookLikeTags_areEscapedAndComeBackAsObjects() throws Exception {
        Map<String, Object> sneaky = Map.of("$date", "not a date");
        JsonNode wire = Ejson.toJsonValue(sneaky);
        assertThat(JSON.writeValueAsString(wire)).isEqualTo("{\"$escape\":{\"$date\":\"not a date\"}}");
        assertThat(Ejson.fromJsonValue(wire)).isEqualTo(sneaky);
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put("$type", "x");
        typed.put("$value", 1L);
        assertThat(Ejson.toJsonValue(typed).has("$escape")).isTrue();
        assertThat(Ejson.fromJsonValue(Ejson.toJsonValue(typed))).isEqualTo(typed);
    }

    @Test
    void theVectorsEvent_readsItsTimestampAsADate() throws Exception {
        JsonNode body = JSON.readTree(Vectors.text("dispatchBodyPlainJson"));
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) Ejson.fromJsonValue(body);
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) ((List<Object>) decoded.get("events")).get(0);
        assertThat(event.get("timestamp")).isEqualTo(Instant.ofEpochMilli(1600086400123L));
        assertThat(Ejson.toJsonValue(decoded)).isEqualTo(body);
    }

    @Test
    void valuesWithoutAnEjsonForm_areRefused() {
        assertThatThrownBy(() -> Ejson.toJsonValue(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EJSON has no form");
    }
}
