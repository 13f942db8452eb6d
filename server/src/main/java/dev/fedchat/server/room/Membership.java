package dev.fedchat.server.room;

import java.util.Arrays;
import java.util.List;

/**
 * A user's subscription to a room, joined with what a client shows of it: the room's type and
 * name, and the user's names. For a direct message {@code roomName} is the other member's username.
 * {@code roomFederationOrigin}: the domain of the server that created the room when it is federated,
 * else null.
 */
public record Membership(
        String id,
        String roomId,
        String userId,
        String username,
        String userFullName,
        String roles,
        boolean open,
        boolean alert,
        int unread,
        int userMentions,
        int groupMentions,
        boolean muted,
        Long lastSeenAt,
        long createdAt,
        long updatedAt,
        String roomType,
        String roomName,
        String roomFederationOrigin) {

    public List<String> roleList() {
        return roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
    }

    public boolean isOwner() {
        return roleList().contains(MemberRoles.OWNER);
    }

    public boolean isModerator() {
        return roleList().contains(MemberRoles.MODERATOR);
    }

    /**
     * Rocket.Chat's {@code post-readonly}: in a read-only room only owners and moderators post
     * (admins too, in Rocket.Chat; here an admin posts there once an owner or moderator).
     */
    public boolean mayPostWhenReadOnly() {
        return isOwner() || isModerator();
    }

    public Membership withRoomName(String name) {
        return new Membership(id, roomId, userId, username, userFullName, roles, open, alert, unread, userMentions, groupMentions,
                muted, lastSeenAt, createdAt, updatedAt, roomType, name, roomFederationOrigin);
    }
}
