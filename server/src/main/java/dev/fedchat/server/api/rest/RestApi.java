package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.auth.AccountService;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.avatar.AvatarService;
import dev.fedchat.server.federation.discovery.OwnSetup;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.file.FileService;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.UserService;
import io.javalin.config.JavalinConfig;
import java.time.Clock;

/**
 * Installs the Rocket.Chat REST API: every route group, and the error mapping. The route table
 * of each area is in its {@code *Routes} class.
 */
public final class RestApi {
    private final Clock clock;
    private final int loginLimit;
    private final SessionRoutes session;
    private final UserRoutes users;
    private final RoomRoutes rooms;
    private final ChatRoutes chat;
    private final FileRoutes files;
    private final SearchRoutes search;
    private final SettingsRoutes settings;
    private final FederationRoutes federation;
    private final AvatarRoutes avatars;
    private final AccountRoutes accounts;

    public RestApi(Clock clock, ObjectMapper json, int loginLimit, AuthService authService, UserService userService,
                   RemoteUsers remoteUsers, RoomService roomService, MessageService messageService, FileService fileService,
                   SettingsService settingsService, OwnSetup ownSetup, AvatarService avatarService,
                   AccountService accountService) {
        this.clock = clock;
        this.loginLimit = loginLimit;
        Auth auth = new Auth(authService);
        RequestReader reader = new RequestReader(json);
        RoomViews roomViews = new RoomViews(roomService);
        this.session = new SessionRoutes(authService, auth, reader);
        this.users = new UserRoutes(userService, auth, reader);
        this.rooms = new RoomRoutes(roomService, userService, auth, reader, roomViews);
        this.chat = new ChatRoutes(messageService, roomService, auth, reader);
        this.files = new FileRoutes(fileService, roomService, auth, reader);
        this.search = new SearchRoutes(userService, remoteUsers, roomService, auth, reader);
        this.settings = new SettingsRoutes(settingsService, auth, reader);
        this.federation = new FederationRoutes(ownSetup, auth);
        this.accounts = new AccountRoutes(accountService, userService, auth, reader);
        this.avatars = new AvatarRoutes(avatarService, userService, roomService, settingsService, auth, reader);
    }

    public void install(JavalinConfig config) {
        RcErrors.install(config, clock, loginLimit);
        RequestText.install(config.routes); // every route of the app, the server-to-server ones too
        session.install(config.routes);
        users.install(config.routes);
        rooms.install(config.routes);
        chat.install(config.routes);
        files.install(config.routes);
        search.install(config.routes);
        settings.install(config.routes);
        federation.install(config.routes);
        avatars.install(config.routes);
        accounts.install(config.routes);
    }
}
