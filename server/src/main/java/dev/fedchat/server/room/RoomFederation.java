package dev.fedchat.server.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Rocket.Chat's {@code room.federation} (federation-protocol.md §8.1): the domain whose server
 * created the room, and every domain taking part (the origin included). A room without it is
 * local.
 */
public record RoomFederation(String origin, List<String> domains) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RoomFederation {
        domains = List.copyOf(domains);
    }

    /** True when some other server takes part; only such rooms produce federation events. */
    public boolean spansOtherDomains() {
        return domains.stream().anyMatch(d -> !d.equals(origin)) || domains.size() > 1;
    }

    public RoomFederation withDomains(List<String> newDomains) {
        return new RoomFederation(origin, newDomains);
    }

    String domainsJson() {
        try {
            return JSON.writeValueAsString(domains);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static RoomFederation read(String origin, String domainsJson) {
        if (origin == null) {
            return null;
        }
        try {
            return new RoomFederation(origin, domainsJson == null ? List.of() : JSON.readValue(domainsJson, new TypeReference<List<String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rooms.federation_domains is not a JSON array: " + domainsJson, e);
        }
    }
}
