package dev.fedchat.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.Vectors;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-id recipe reproduces the vector's hash, built from the vector's own event. */
class EventIdsTest {

    @Test
    void theVectorsEvent_hashesToTheVectorsId() throws Exception {
        JsonNode event = new ObjectMapper().readTree(Vectors.text("dispatchBodyPlainJson")).path("events").path(0);
        String input = Vectors.text("hashExample", "hashInput");
        String dataJson = input.substring(input.indexOf("{\"message\""));
        List<String> parents = List.of(event.path("parentIds").get(0).asText(), event.path("parentIds").get(1).asText());

        String id = EventIds.of(event.path("origin").asText(), "{\"roomId\":\"" + event.path("context").path("roomId").asText() + "\"}",
                parents, event.path("type").asText(), event.path("timestamp").path("$date").asLong(), dataJson);

        assertThat(id).isEqualTo(Vectors.text("hashExample", "sha256Hex"));
    }

    @Test
    void anEventInItsWireForm_hashesToTheVectorsIdAndItsOwnId() throws Exception {
        JsonNode event = new ObjectMapper().readTree(Vectors.text("dispatchBodyPlainJson")).path("events").path(0);
        List<String> parents = List.of(event.path("parentIds").get(0).asText(), event.path("parentIds").get(1).asText());

        String id = EventIds.of(event.path("origin").asText(), event.path("context").path("roomId").asText(), parents,
                event.path("type").asText(), event.path("timestamp").path("$date").asLong(), event.path("data"));

        assertThat(id).isEqualTo(Vectors.text("hashExample", "sha256Hex")).isEqualTo(event.path("_id").asText());
    }

    @Test
    void javascriptDateString_hasNoMillisecondsAndNamesTheZone() {
        assertThat(EventIds.jsDateString(1600086400123L, ZoneId.of("UTC")))
                .isEqualTo("Mon Sep 14 2020 12:26:40 GMT+0000 (Coordinated Universal Time)");
    }
}
