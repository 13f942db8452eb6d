package dev.fedchat.server.api.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permissions clients read ({@code permissions.listAll}) to show or hide actions, each with the
 * roles that hold it <em>here</em>: they describe the rules fedchat's services enforce (global
 * {@code admin} and {@code user}, a room's {@code owner}), not Rocket.Chat's defaults, so the app
 * never offers what the server then refuses. A permission fedchat has no feature for is listed
 * with no role, which hides the action. The ids are those the mobile app asks about
 * ({@code SUPPORTED_PERMISSIONS} in its {@code getPermissions.ts}).
 *
 * <p>When a feature lands, its permission gets its roles here and {@link #CHANGED} moves, so a
 * client's {@code updatedSince} fetches the catalog again.
 */
final class PermissionCatalog {
    /** When this catalog last changed: the {@code _updatedAt} of every entry. */
    static final Instant CHANGED = Instant.parse("2026-12-08T03:00:00Z");

    private static final List<String> EVERYONE = List.of("admin", "user");
    /** Moderation: a room's owners and moderators, and admins anywhere (RoomService requireModerator, Pins). */
    private static final List<String> MODERATORS = List.of("admin", "owner", "moderator");
    /** What only a room's owners and admins do (MessageService requireAuthorOrModerator, RoomSettingsService). */
    private static final List<String> OWNERS = List.of("admin", "owner");
    private static final List<String> NOBODY = List.of();

    private static final Map<String, List<String>> ROLES = new LinkedHashMap<>();

    static {
        for (String id : List.of("create-c", "create-p", "create-d", "mobile-upload-file", "delete-own-message",
                "mention-all", "mention-here")) {
            ROLES.put(id, EVERYONE);
        }
        for (String id : List.of("add-user-to-joined-room", "mute-user", "remove-user", "edit-room", "pin-message")) {
            ROLES.put(id, MODERATORS);
        }
        for (String id : List.of("delete-c", "delete-p", "delete-message", "edit-message", "force-delete-message",
                "set-readonly", "set-owner", "set-moderator")) {
            ROLES.put(id, OWNERS);
        }
        // MessageService.checkMayPost: a room's owners and moderators post in a read-only room
        ROLES.put("post-readonly", List.of("owner", "moderator"));
        // no feature behind these yet (teams, discussions, invites, archive, e2e, omnichannel, calls,
        // push, administration views)
        for (String id : List.of("add-user-to-any-c-room", "add-user-to-any-p-room", "add-team-channel", "archive-room",
                "auto-translate", "create-invite-links", "start-discussion", "start-discussion-other-user", "create-team",
                "delete-team", "edit-team-member", "edit-team-channel", "remove-team-channel",
                "set-leader", "set-react-when-readonly",
                "toggle-room-e2e-encryption", "transfer-livechat-guest", "unarchive-room", "view-broadcast-member-list",
                "view-privileged-setting", "view-room-administration", "view-statistics", "view-user-administration",
                "view-all-teams", "view-all-team-channels", "convert-team", "edit-omnichannel-contact",
                "edit-livechat-room-customfields", "view-canned-responses", "call-management", "test-push-notifications",
                "move-room-to-team", "create-team-channel", "create-team-group", "delete-team-channel",
                "delete-team-group", "allow-internal-voice-calls", "allow-external-voice-calls")) {
            ROLES.put(id, NOBODY);
        }
    }

    private PermissionCatalog() {}

    /** Every permission changed after {@code since} (epoch ms), in Rocket.Chat's shape. */
    static List<Map<String, Object>> changedAfter(long since) {
        if (CHANGED.toEpochMilli() <= since) {
            return List.of();
        }
        return ROLES.entrySet().stream().map(e -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("_id", e.getKey());
            v.put("roles", e.getValue());
            v.put("_updatedAt", CHANGED);
            return v;
        }).toList();
    }
}
