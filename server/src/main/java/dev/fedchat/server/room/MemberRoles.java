package dev.fedchat.server.room;

import java.util.List;

/**
 * A member's roles in a room ({@code owner}, {@code moderator}), as {@code channels.roles} lists
 * them and as a room's origin tells its peers. {@code username} is as stored here (qualified for a
 * user of another server).
 */
public record MemberRoles(String userId, String username, String name, List<String> roles) {
    public static final String OWNER = "owner";
    public static final String MODERATOR = "moderator";
    /** The room roles this server knows; any other is dropped from what a peer sends. */
    public static final List<String> KNOWN = List.of(OWNER, MODERATOR);

    public MemberRoles {
        roles = List.copyOf(roles);
    }

    static MemberRoles of(Membership m) {
        return new MemberRoles(m.userId(), m.username(), m.userFullName(), m.roleList());
    }
}
