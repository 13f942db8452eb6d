package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.api.realtime.MethodInvoker;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.api.view.UserViews;
import dev.fedchat.server.auth.AccountService;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.avatar.AvatarService;
import dev.fedchat.server.federation.discovery.OwnSetup;
import dev.fedchat.server.federation.channels.PublicChannels;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.file.FileService;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.presence.PresenceService;
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
    private final ThreadRoutes threads;
    private final PinAndStarRoutes pinsAndStars;
    private final SearchRoutes search;
    private final SettingsRoutes settings;
    private final FederationRoutes federation;
    private final MethodCallRoutes methodCalls;
    private final ClientSupportRoutes clientSupport;
    private final PresenceRoutes presence;
    private final AvatarRoutes avatars;
    private final AccountRoutes accounts;

    public RestApi(Clock clock, ObjectMapper json, int loginLimit, AuthService authService, UserService userService,
                   RemoteUsers remoteUsers, PublicChannels publicChannels, RoomService roomService,
                   MessageService messageService, FileService fileService, SettingsService settingsService,
                   OwnSetup ownSetup, MethodInvoker methods, PresenceService presenceService, AvatarService avatarService,
                   AccountService accountService) {
        this.clock = clock;
        this.loginLimit = loginLimit;
        Auth auth = new Auth(authService);
        RequestReader reader = new RequestReader(json);
        RoomViews roomViews = new RoomViews(roomService);
        UserViews userViews = new UserViews(presenceService);
        this.session = new SessionRoutes(authService, auth, reader, userViews);
        this.users = new UserRoutes(userService, auth, reader, userViews);
        this.presence = new PresenceRoutes(presenceService, userService, auth, reader, clock);
        this.rooms = new RoomRoutes(roomService, userService, auth, reader, roomViews);
        this.chat = new ChatRoutes(messageService, roomService, auth, reader);
        this.threads = new ThreadRoutes(messageService.threads(), roomService, auth, reader);
        this.pinsAndStars = new PinAndStarRoutes(messageService, roomService, auth, reader);
        this.files = new FileRoutes(fileService, roomService, auth, reader);
        this.search = new SearchRoutes(userService, remoteUsers, publicChannels, roomService, auth, reader, userViews);
        this.settings = new SettingsRoutes(settingsService, auth, reader);
        this.federation = new FederationRoutes(ownSetup, auth);
        this.methodCalls = new MethodCallRoutes(methods, auth, reader);
        this.clientSupport = new ClientSupportRoutes(userService, auth, reader);
        this.accounts = new AccountRoutes(accountService, userService, auth, reader, userViews);
        this.avatars = new AvatarRoutes(avatarService, userService, roomService, settingsService, auth, reader);
    }

    public void install(JavalinConfig config) {
        RcErrors.install(config, clock, loginLimit);
        RequestText.install(config.routes); // every route of the app, the server-to-server ones too
        session.install(config.routes);
        users.install(config.routes);
        rooms.install(config.routes);
        chat.install(config.routes);
        threads.install(config.routes);
        pinsAndStars.install(config.routes);
        files.install(config.routes);
        search.install(config.routes);
        settings.install(config.routes);
        federation.install(config.routes);
        methodCalls.install(config.routes);
        clientSupport.install(config.routes);
        presence.install(config.routes);
        avatars.install(config.routes);
        accounts.install(config.routes);
    }
}
