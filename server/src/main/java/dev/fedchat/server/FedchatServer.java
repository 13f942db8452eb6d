package dev.fedchat.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.discovery.DnsLookup;
import dev.fedchat.protocol.discovery.DnsjavaLookup;
import dev.fedchat.protocol.discovery.NoDnsLookup;
import dev.fedchat.protocol.doctor.HubDoctor;
import dev.fedchat.protocol.discovery.PeerCache;
import dev.fedchat.protocol.discovery.PeerDiscovery;
import dev.fedchat.protocol.discovery.SrvSelection;
import dev.fedchat.protocol.doctor.SetupDoctor;
import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadCipher;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.server.api.json.ApiJson;
import dev.fedchat.server.api.peer.PeerChannelRoutes;
import dev.fedchat.server.api.peer.PeerEphemeralRoutes;
import dev.fedchat.server.api.peer.PeerEventRoutes;
import dev.fedchat.server.api.peer.PeerRateLimits;
import dev.fedchat.server.api.peer.PeerUploadRoutes;
import dev.fedchat.server.api.peer.PeerUserRoutes;
import dev.fedchat.server.api.realtime.DdpEndpoint;
import dev.fedchat.server.api.rest.DeliveryRoutes;
import dev.fedchat.server.api.rest.MessageSearchRoutes;
import dev.fedchat.server.api.rest.EventGraphRoutes;
import dev.fedchat.server.api.rest.MetricsRoutes;
import dev.fedchat.server.api.rest.RestApi;
import dev.fedchat.server.auth.AccountService;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.avatar.AvatarService;
import dev.fedchat.server.auth.LoginRateLimiter;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.db.CommitGroup;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.federation.avatars.RemoteAvatars;
import dev.fedchat.server.federation.delivery.DeliveryMetrics;
import dev.fedchat.server.federation.delivery.DeliveryQueues;
import dev.fedchat.server.federation.delivery.HttpPeerProbe;
import dev.fedchat.server.federation.delivery.Outbox;
import dev.fedchat.server.federation.delivery.PeerTransport;
import dev.fedchat.server.federation.channels.PublicChannels;
import dev.fedchat.server.federation.discovery.OwnSetup;
import dev.fedchat.server.federation.discovery.SettingsHubFallback;
import dev.fedchat.server.federation.ephemeral.EphemeralReceiver;
import dev.fedchat.server.federation.ephemeral.EphemeralSender;
import dev.fedchat.server.federation.events.EventGaps;
import dev.fedchat.server.federation.events.EventGraph;
import dev.fedchat.server.federation.events.EventStore;
import dev.fedchat.server.federation.events.InboundEvents;
import dev.fedchat.server.federation.events.OutboundEvents;
import dev.fedchat.server.federation.events.OutboundRoomState;
import dev.fedchat.server.federation.events.WireFormat;
import dev.fedchat.server.federation.files.RemoteFiles;
import dev.fedchat.server.federation.settings.FederationKeyStore;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.HttpPeerTransport;
import dev.fedchat.server.federation.transport.InboundRequests;
import dev.fedchat.server.federation.transport.PeerRateLimiter;
import dev.fedchat.server.federation.transport.SeenNonces;
import dev.fedchat.server.federation.transport.SigningPeers;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.settings.ServerKeys;
import dev.fedchat.server.federation.status.FederationStatusService;
import dev.fedchat.server.federation.users.QualifiedName;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.federation.users.UserNormalizer;
import dev.fedchat.server.file.FileService;
import dev.fedchat.server.file.FileStore;
import dev.fedchat.server.message.MessageSearch;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.presence.PresenceService;
import dev.fedchat.server.presence.Typing;
import dev.fedchat.server.notices.RoomNotices;
import dev.fedchat.server.message.SearchMarks;
import dev.fedchat.server.room.RoomDomains;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.UserLookup;
import dev.fedchat.server.settings.ClientSettings;
import dev.fedchat.server.settings.SettingDefinition;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.UserService;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one workspace: builds every object by constructor, in dependency
 * order, starts the HTTP server, and closes everything in reverse order.
 *
 * <p>Shutdown order: stop HTTP first (no new work), then the realtime threads, the federation
 * status thread and the delivery queues, then the database, so nothing in flight writes to a
 * closed pool.
 */
public final class FedchatServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FedchatServer.class);
    /** Upper bound for any request body; per-endpoint limits (uploads) are checked on top. */
    private static final long MAX_REQUEST_BYTES = 2L * 1024 * 1024 * 1024;
    /** Most events one dispatch may carry (our queues send at most {@code DeliveryConfig.batchSize}). */
    private static final int MAX_EVENTS_PER_BATCH = 500;
    /**
     * Server-to-server requests per second one peer may make, after a burst. Our queues send one
     * request at a time in batches of 50 events, about 20 requests a second at most; Rocket.Chat
     * 5.x limited dispatch to 30 per second.
     */
    private static final double PEER_REQUESTS_PER_SECOND = 50;
    private static final int PEER_REQUEST_BURST = 200;

    private final ServerConfig config;
    private final Database database;
    private final CommitGroup commits;
    private final DdpEndpoint ddp;
    private final Javalin app;
    private final SettingsService settings;
    private final UserService users;
    private final ServerKeys keys;
    private final FederationStatusService federationStatus;
    private final PeerCache peers;
    private final FederationClient federationClient;
    private final InboundRequests inbound;
    private final RoomService rooms;
    private final MessageService messages;
    private final RemoteUsers remoteUsers;
    private final DeliveryQueues deliveries;
    private final Outbox outbox;
    private final EventGaps gaps;
    private final LocalEvents events;
    private final PresenceService presence;
    private final EphemeralSender ephemeral;
    private final RemoteAvatars remoteAvatars;

    /** @param transport stands in for the network in tests; null sends over HTTP */
    private FedchatServer(ServerConfig config, Clock clock, PeerTransport transport) {
        this.config = config.validate();
        this.database = Database.open(config.database());
        this.commits = new CommitGroup(database.jdbi());
        try {
            ObjectMapper json = ApiJson.rest();
            Ids ids = new Ids(new SecureRandom());
            this.events = new LocalEvents();
            List<SettingDefinition> known = new ArrayList<>(Settings.core());
            known.addAll(FederationSettings.definitions());
            known.addAll(ClientSettings.definitions());
            this.settings = new SettingsService(database.jdbi(), clock, json, known);
            applyStartSettings();
            ClientSettings.ensureUniqueId(settings, ids);
            this.keys = new FederationKeyStore(database.jdbi(), clock).loadOrCreate();
            if (!keys.publicPem().equals(settings.string(FederationSettings.PUBLIC_KEY))) {
                settings.setInternal(FederationSettings.PUBLIC_KEY, keys.publicPem());
            }
            HubClient hubClient = new HubClient();
            this.federationStatus = new FederationStatusService(settings, hubClient, keys, clock);
            Optional<String> dnsOff = config.dnsDiscovery() ? Optional.empty()
                    : Optional.of("DNS discovery is off on this server; peers are found through the hub");
            DnsLookup dns = dnsOff.<DnsLookup>map(NoDnsLookup::new)
                    .orElseGet(() -> DnsjavaLookup.of(config.dnsServer(), DnsjavaLookup.DEFAULT_TIMEOUT));
            this.peers = PeerCache.withDefaults(new PeerDiscovery(dns, new SettingsHubFallback(settings, hubClient),
                    new SrvSelection(new SecureRandom())), clock);
            OwnSetup ownSetup = new OwnSetup(settings, keys, new SetupDoctor(dns, Duration.ofSeconds(5)),
                    new HubDoctor(hubClient, Duration.ofSeconds(5)), dnsOff);
            FederationBody sealedBodies = new FederationBody(new PayloadCipher(CryptoProvider.preferNative()), json);
            this.federationClient = new FederationClient(peers, sealedBodies, settings, keys, json, FederationClient.DEFAULT_TIMEOUT,
                    clock);
            SigningPeers signingPeers = new SigningPeers(database.jdbi(), clock);
            this.inbound = new InboundRequests(peers, sealedBodies, keys, settings, federationClient, new SeenNonces(clock),
                    signingPeers, clock);
            // unproven requests are charged to their address, proven ones to their domain as well (issue 12 §6)
            PeerRateLimits peerLimits = new PeerRateLimits(new PeerRateLimiter(clock, PEER_REQUESTS_PER_SECOND, PEER_REQUEST_BURST),
                    new PeerRateLimiter(clock, PEER_REQUESTS_PER_SECOND * 2, PEER_REQUEST_BURST * 2));
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics())
                    .forEach(binder -> binder.bindTo(metrics));
            DeliveryMetrics deliveryMetrics = new DeliveryMetrics(metrics, clock);
            this.deliveries = DeliveryQueues.onThreads(database.jdbi(),
                    transport != null ? transport : new HttpPeerTransport(federationClient),
                    new HttpPeerProbe(peers, config.delivery().probe().timeout()), config.delivery(),
                    clock, deliveryMetrics, () -> settings.bool(FederationSettings.ENABLED));
            this.outbox = new Outbox(clock, federationClient::ownDomain, deliveries);
            // a peer whose request we could verify is up: its queue stops waiting
            inbound.onVerifiedPeer(deliveries::peerIsAlive);
            this.users = new UserService(database.jdbi(), clock, ids, settings);
            UserNormalizer userNormalizer = new UserNormalizer(federationClient::ownDomain, clock);
            this.remoteUsers = new RemoteUsers(federationClient, users, userNormalizer, settings, clock);
            PeerUserRoutes peerUsers = new PeerUserRoutes(inbound, users, userNormalizer, peerLimits);
            LoginRateLimiter limiter = new LoginRateLimiter(clock, config.loginLimit().maxPerUser(),
                    config.loginLimit().maxPerAddress(), config.loginLimit().windowMillis());
            AuthService auth = new AuthService(database.jdbi(), clock, ids, users, limiter, events);
            // a qualified name (bob@beta.test) not known yet is imported from its home server
            UserLookup lookup = name -> users.byUsername(name).or(() -> QualifiedName.looksQualified(name)
                    ? Optional.of(remoteUsers.importUser(name)) : Optional.empty());
            PublicChannels publicChannels = new PublicChannels(federationClient, userNormalizer, signingPeers, json, clock);
            this.rooms = new RoomService(database.jdbi(), clock, ids, users, lookup,
                    new RoomDomains(federationClient::ownDomain, config.federatedDomainsLength()), events, publicChannels);
            this.messages = new MessageService(database.jdbi(), commits, clock, ids, json, rooms, settings, events);
            FileService files = new FileService(database.jdbi(), clock, ids,
                    new FileStore(config.dataDir().resolve("uploads")), rooms, messages, settings);
            config.admin().ifPresent(a -> users.ensureFirstAdmin(a.username(), a.password(), a.email()));
            EventStore eventStore = new EventStore(clock);
            int forgotten = database.jdbi().inTransaction(h -> eventStore.forgetDeletedRooms(h, federationClient.ownDomain()));
            if (forgotten > 0) {
                log.info("Forgot {} federation events of rooms deleted here; every peer had received them", forgotten);
            }
            // in the transaction of each change: a post and its federation event commit together
            WireFormat wireFormat = new WireFormat(userNormalizer, federationClient::ownDomain);
            events.subscribeInTransaction(new OutboundEvents(eventStore, outbox, wireFormat, settings,
                    federationClient::ownDomain));
            // after OutboundEvents: a joining server's genesis batch is queued before the room's state
            events.subscribeInTransaction(new OutboundRoomState(eventStore, outbox, wireFormat, settings,
                    federationClient::ownDomain, domain -> signingPeers.signingSince(domain).isPresent()));
            events.subscribe(new RoomNotices(messages.replicas(), ids, clock));
            this.gaps = new EventGaps(database.jdbi(), rooms, outbox, federationClient, clock, federationClient::ownDomain);
            PeerEventRoutes peerEvents = new PeerEventRoutes(inbound, new InboundEvents(database.jdbi(), eventStore, rooms,
                    messages, users, remoteUsers, new RemoteFiles(federationClient, files), files, federationClient::ownDomain,
                    MAX_EVENTS_PER_BATCH, config.federatedDomainsLength(), gaps, deliveries::countReceived),
                    gaps, peerLimits);
            AvatarService avatars = new AvatarService(database.jdbi(), clock, users, events);
            this.remoteAvatars = new RemoteAvatars(peers, avatars, database.jdbi(), clock,
                    () -> settings.bool(FederationSettings.ENABLED));
            avatars.fetchRemoteFrom(remoteAvatars);
            AccountService accounts = new AccountService(database.jdbi(), clock, users, auth, rooms, messages);
            // presence and typing: never stored in a room's graph; to signing peers only, best effort (issue 13)
            this.presence = new PresenceService(database.jdbi(), clock);
            Typing typing = new Typing(rooms, clock);
            this.ephemeral = new EphemeralSender(federationClient, rooms, signingPeers, settings, json, clock);
            presence.onChange(ephemeral::onPresence);
            typing.onTyping(ephemeral::onTyping);
            PeerEphemeralRoutes peerEphemeral = new PeerEphemeralRoutes(inbound,
                    new EphemeralReceiver(users, rooms, presence, typing), peerLimits, json);
            MessageSearch search = new MessageSearch(database.jdbi(), json, rooms, config.database().isPostgres(),
                    SearchMarks.STORED, clock);
            this.ddp = new DdpEndpoint(auth, users, rooms, messages, events, ownSetup, remoteUsers, presence, typing, accounts,
                    avatars, search);
            RestApi rest = new RestApi(clock, json, limiter.limit(), auth, users, remoteUsers, publicChannels, rooms, messages,
                    files, settings, ownSetup, ddp.methods(), presence, avatars,
                    accounts);
            this.app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.jsonMapper(new io.javalin.json.JavalinJackson(json, false));
                c.http.maxRequestSize = MAX_REQUEST_BYTES;
                c.jetty.multipartConfig.maxFileSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
                c.jetty.multipartConfig.maxTotalRequestSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
                c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
                c.jetty.multipartConfig.cacheDirectory(config.dataDir().resolve("tmp").toString());
                rest.install(c);
                new DeliveryRoutes(auth, json, deliveries).install(c.routes);
                new MessageSearchRoutes(auth, search).install(c.routes);
                new EventGraphRoutes(auth, json, new EventGraph(database.jdbi(), rooms)).install(c.routes);
                new MetricsRoutes(metrics, () -> deliveryMetrics.update(deliveries.peers())).install(c.routes);
                ddp.install(c);
                peerUsers.install(c.routes);
                peerLimits.install(c.routes);
                peerEvents.install(c);
                peerEphemeral.install(c.routes);
                new PeerUploadRoutes(inbound, files, rooms, settings, peerLimits).install(c.routes);
                new PeerChannelRoutes(inbound, signingPeers, rooms, remoteUsers, peerLimits).install(c.routes);
                // the web client: plain HTML, CSS and ES modules from the jar, no build step (issue 6)
                c.staticFiles.add(web -> {
                    web.hostedPath = "/";
                    web.directory = "/web";
                    web.location = Location.CLASSPATH;
                });
            });
        } catch (RuntimeException e) {
            // the delivery queues start no thread before start(): nothing of theirs to stop here
            commits.close();
            database.close();
            throw e;
        }
    }

    /** Builds and starts a server; the returned server is listening. */
    public static FedchatServer start(ServerConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static FedchatServer start(ServerConfig config, Clock clock) {
        return start(config, clock, null);
    }

    /** As {@link #start(ServerConfig, Clock)}, delivering federation events through {@code transport} (tests). */
    public static FedchatServer start(ServerConfig config, Clock clock, PeerTransport transport) {
        createDirectories(config);
        FedchatServer server = new FedchatServer(config, clock, transport);
        try {
            server.app.start(config.host(), config.port());
            // after the port is open: a server that says Running must be reachable
            server.federationStatus.start();
            // what was queued before a restart goes out again, and what waited while federation was off
            server.deliveries.start();
            server.settings.onChange((id, value) -> {
                if (FederationSettings.ENABLED.equals(id) && Boolean.TRUE.equals(value)) {
                    server.deliveries.start();
                }
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("fedchat is serving {} (local port {}), data in {}", server.settings.string(Settings.SITE_URL),
                server.port(), config.database().describe());
        return server;
    }

    private static void createDirectories(ServerConfig config) {
        try {
            java.nio.file.Files.createDirectories(config.dataDir().resolve("tmp"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
    }

    /** {@code ROOT_URL} and {@code OVERWRITE_SETTING_*} are forced at every start. */
    private void applyStartSettings() {
        config.siteUrl().ifPresent(url -> settings.setInternal(Settings.SITE_URL, url));
        config.settingOverrides().forEach(settings::overwrite);
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public UserService users() {
        return users;
    }

    public SettingsService settings() {
        return settings;
    }

    /** This server's federation key pair. */
    public ServerKeys keys() {
        return keys;
    }

    /** Peers found by DNS or the hub, cached by TTL. */
    public PeerCache peers() {
        return peers;
    }

    /** Calls to peers' server-to-server endpoints. */
    public FederationClient federationClient() {
        return federationClient;
    }

    /** The federation status machine behind {@code FEDERATION_Status}. */
    public FederationStatusService federationStatus() {
        return federationStatus;
    }

    /** Search and import of other servers' users. */
    public RemoteUsers remoteUsers() {
        return remoteUsers;
    }

    public RoomService rooms() {
        return rooms;
    }

    public MessageService messages() {
        return messages;
    }

    /** Where stored federation events are queued for the other domains of their room. */
    public Outbox outbox() {
        return outbox;
    }

    /** The per-peer delivery queues. */
    /** Asking peers for missing events and answering them (tests look at what was asked). */
    public EventGaps eventGaps() {
        return gaps;
    }

    public DeliveryQueues deliveries() {
        return deliveries;
    }

    /** What happens in chat: services record and publish here; listeners subscribe. */
    public LocalEvents events() {
        return events;
    }

    /** Who is online: sessions, chosen statuses, what peers told us of their users. */
    public PresenceService presence() {
        return presence;
    }

    /** Presence and typing on their way to signing peers (tests and the benchmark count them). */
    public EphemeralSender ephemeral() {
        return ephemeral;
    }

    /** The realtime endpoint, for its session count and for tests that drive its keep-alive. */
    public DdpEndpoint ddp() {
        return ddp;
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (ddp != null) {
            ddp.close();
        }
        if (ephemeral != null) {
            ephemeral.close();
        }
        if (federationStatus != null) {
            federationStatus.close();
        }
        if (gaps != null) {
            gaps.close();
        }
        if (remoteAvatars != null) {
            remoteAvatars.close();
        }
        if (deliveries != null) {
            // before the database: interrupted requests record nothing, their rows stay for the next start
            deliveries.close();
        }
        commits.close();
        database.close();
    }
}
