package dev.fedchat.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** A REST answer: status, parsed body (null when not JSON), headers. */
public record ApiResponse(int status, JsonNode body, String text, HttpHeaders headers) {

    /** Asserts 200 with {@code success: true} and returns the body. */
    public JsonNode expectOk() {
        assertThat(status).as("status of %s", text).isEqualTo(200);
        assertThat(body.path("success").asBoolean()).as("success in %s", text).isTrue();
        return body;
    }

    /** Asserts a failure with this status and {@code success:false}; returns the body. */
    public JsonNode expectError(int expectedStatus) {
        assertThat(status).as("status of %s", text).isEqualTo(expectedStatus);
        assertThat(body.path("success").asBoolean(true)).as("success in %s", text).isFalse();
        return body;
    }

    /** Asserts a 400 with Rocket.Chat's {@code errorType}. */
    public JsonNode expectErrorType(String errorType) {
        JsonNode b = expectError(400);
        assertThat(b.path("errorType").asText()).as("errorType in %s", text).isEqualTo(errorType);
        assertThat(b.path("error").asText()).endsWith("[" + errorType + "]");
        return b;
    }
}
