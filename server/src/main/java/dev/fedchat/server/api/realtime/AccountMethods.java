package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.auth.AccountService;
import dev.fedchat.server.avatar.AvatarService;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.util.Map;

/**
 * The account methods Rocket.Chat's clients call over DDP, on the rules of {@link AccountService}
 * and {@link AvatarService}: {@code saveUserProfile(settings)} (settings {@code realname},
 * {@code email}, {@code username}, {@code newPassword}, and {@code typedPassword}, the current
 * password's SHA-256 hex digest), {@code setUserActiveStatus(userId, active)},
 * {@code deleteUser(userId)} and {@code resetAvatar(userId?)}. Each answers {@code true}.
 */
final class AccountMethods {
    private final AccountService accounts;
    private final AvatarService avatars;
    private final UserService users;

    AccountMethods(AccountService accounts, AvatarService avatars, UserService users) {
        this.accounts = accounts;
        this.avatars = avatars;
        this.users = users;
    }

    void install(Map<String, DdpMethods.Method> methods) {
        methods.put("saveUserProfile", (s, p) -> {
            JsonNode settings = p.path(0);
            if (!settings.isObject()) {
                throw new RcException(400, null, "Match failed: the profile settings must be an object");
            }
            accounts.updateOwn(DdpMethods.user(s), s.token(), new AccountService.BasicInfo(optText(settings, "realname"),
                    optText(settings, "email"), optText(settings, "username"), optText(settings, "typedPassword"),
                    optText(settings, "newPassword")));
            return true;
        });
        methods.put("setUserActiveStatus", (s, p) -> {
            if (!p.path(1).isBoolean()) {
                throw new RcException(400, null, "Match failed: setUserActiveStatus(userId, active) needs a boolean");
            }
            accounts.setActive(DdpMethods.user(s), DdpMethods.text(p.path(0), "userId"), p.path(1).booleanValue());
            return true;
        });
        methods.put("deleteUser", (s, p) -> {
            accounts.delete(DdpMethods.user(s), DdpMethods.text(p.path(0), "userId"));
            return true;
        });
        methods.put("resetAvatar", (s, p) -> {
            User caller = DdpMethods.user(s);
            User target = p.path(0).isTextual() ? users.requireById(p.path(0).textValue()) : caller;
            avatars.reset(caller, target);
            return true;
        });
    }

    private static String optText(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new RcException(400, null, "Match failed: '" + field + "' must be text");
        }
        return n.textValue();
    }
}
