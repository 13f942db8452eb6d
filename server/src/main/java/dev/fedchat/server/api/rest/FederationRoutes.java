package dev.fedchat.server.api.rest;

import dev.fedchat.protocol.discovery.DnsRecord;
import dev.fedchat.protocol.discovery.DnsRecords;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.DnsServerAddress;
import dev.fedchat.protocol.discovery.SrvRecord;
import dev.fedchat.protocol.discovery.TxtRecord;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.settings.ServerKeys;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Federation endpoints for admins and for peers' diagnostics; neither is part of Rocket.Chat's
 * federation protocol (federation-protocol.md §2: Rocket.Chat served its key over no HTTP endpoint).
 *
 * <ul>
 *   <li>{@code GET /api/v1/federation.publicKey}, no login: this server's domain and public key,
 *       so a peer's doctor can tell whether the key published in DNS is the key the server holds
 *       (issue 3 §5; Rocket.Chat's "Test setup" never checked that, its issue #23057). The key is
 *       public by design, and the answer does not depend on {@code FEDERATION_Enabled}: an admin
 *       checks DNS before turning federation on.</li>
 *   <li>{@code GET /api/v1/federation.dnsRecords[?dnsServer=host:port]}, admins: the records this
 *       server must publish ({@link DnsRecords}), each as data and as a zone line, plus the text
 *       {@code ./fedchat dns-records} prints.</li>
 * </ul>
 */
final class FederationRoutes {
    private final SettingsService settings;
    private final ServerKeys keys;
    private final Auth auth;

    FederationRoutes(SettingsService settings, ServerKeys keys, Auth auth) {
        this.settings = settings;
        this.keys = keys;
        this.auth = auth;
    }

    void install(RoutesConfig routes) {
        routes.get("/api/v1/federation.publicKey", this::publicKey);
        routes.get("/api/v1/federation.dnsRecords", this::dnsRecords);
    }

    private void publicKey(Context ctx) {
        Replies.ok(ctx, Replies.of("domain", settings.string(FederationSettings.DOMAIN), "publicKey", keys.publicPem()));
    }

    private void dnsRecords(Context ctx) {
        auth.requireAdmin(ctx);
        DnsRecords records;
        Optional<DnsServerAddress> dnsServer;
        try {
            dnsServer = Optional.ofNullable(ctx.queryParam("dnsServer")).filter(s -> !s.isBlank()).map(DnsServerAddress::parse);
            records = DnsRecords.of(settings.string(FederationSettings.DOMAIN), settings.string(Settings.SITE_URL),
                    keys.publicPem());
        } catch (DnsRecordsException e) {
            throw switch (e.input()) {
                case DOMAIN -> RcException.invalid("error-invalid-federation-domain", e.getMessage());
                case SITE_URL -> RcException.invalid("error-invalid-site-url", e.getMessage());
                case DNS_SERVER -> RcException.invalidParams(e.getMessage());
                // our own key, read from the database at start: unusable means a bug, not a request to refuse
                case PUBLIC_KEY -> new IllegalStateException(e);
            };
        }
        Replies.ok(ctx, Replies.of(
                "domain", records.domain().name(),
                "siteUrl", settings.string(Settings.SITE_URL),
                "federationUrl", records.site().federationUrl(),
                "records", records.all().stream().map(r -> view(r, records.isLegacy(r))).toList(),
                "keyStrings", records.keyStrings(),
                "warnings", records.warnings(),
                "text", records.render(dnsServer)));
    }

    private static Map<String, Object> view(DnsRecord record, boolean legacy) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", record.name());
        v.put("type", record.type());
        v.put("ttl", record.ttl());
        v.put("value", record.value());
        if (record instanceof SrvRecord srv) {
            v.put("priority", srv.priority());
            v.put("weight", srv.weight());
            v.put("port", srv.port());
            v.put("target", srv.target());
        } else if (record instanceof TxtRecord txt) {
            v.put("values", txt.strings());
        }
        v.put("zoneLine", record.zoneLine());
        v.put("legacy", legacy);
        return v;
    }
}
