package dev.fedchat.server.room;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's settings and its members' roles: what the room's origin decides for every server of a
 * federated room, and what a change compares before and after to tell clients (and to write the
 * system messages Rocket.Chat writes). {@code roles} holds only members with a role, by user id.
 */
public record RoomState(RoomSettings settings, List<MemberRoles> roles) {
    public RoomState {
        roles = roles.stream().filter(r -> !r.roles().isEmpty()).sorted(Comparator.comparing(MemberRoles::userId)).toList();
    }

    /** The same settings, and the same roles for the same members (names aside). */
    public boolean sameAs(RoomState other) {
        return settings.equals(other.settings) && rolesById().equals(other.rolesById());
    }

    private Map<String, Set<String>> rolesById() {
        Map<String, Set<String>> byId = new HashMap<>();
        roles.forEach(r -> byId.put(r.userId(), Set.copyOf(r.roles())));
        return byId;
    }

    /** The roles of {@code userId}, none when they have none. */
    public List<String> rolesOf(String userId) {
        return roles.stream().filter(r -> r.userId().equals(userId)).findFirst().map(MemberRoles::roles).orElse(List.of());
    }
}
