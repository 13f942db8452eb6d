package dev.fedchat.server.api.rest;

import dev.fedchat.protocol.discovery.DnsRecord;
import dev.fedchat.protocol.discovery.DnsRecords;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.DnsServerAddress;
import dev.fedchat.protocol.discovery.SrvRecord;
import dev.fedchat.protocol.discovery.TxtRecord;
import dev.fedchat.protocol.doctor.Checklist;
import dev.fedchat.protocol.doctor.RecordCheck;
import dev.fedchat.protocol.doctor.RecordChecks;
import dev.fedchat.server.api.view.SetupChecks;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.discovery.OwnSetup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
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
 *   <li>{@code GET /api/v1/federation.dnsRecords.check}, admins: the same records, each looked up
 *       now ({@link OwnSetup#checkRecords()}) with {@code checked}, {@code state}
 *       ({@code published|missing|different|failed}), {@code detail} and {@code found} (what DNS
 *       answered); {@code ready} when every record but the optional legacy pair is published.</li>
 *   <li>{@code POST /api/v1/federation.testSetup}, admins: the doctor's checklist for our own
 *       domain ({@link OwnSetup#test()}), each check with its outcome, detail and fix.</li>
 * </ul>
 */
final class FederationRoutes {
    private final OwnSetup ownSetup;
    private final Auth auth;

    FederationRoutes(OwnSetup ownSetup, Auth auth) {
        this.ownSetup = ownSetup;
        this.auth = auth;
    }

    void install(RoutesConfig routes) {
        routes.get("/api/v1/federation.publicKey", this::publicKey);
        routes.get("/api/v1/federation.dnsRecords", this::dnsRecords);
        routes.get("/api/v1/federation.dnsRecords.check", this::checkDnsRecords);
        routes.post("/api/v1/federation.testSetup", this::testSetup);
    }

    private void testSetup(Context ctx) {
        auth.requireAdmin(ctx);
        Checklist checklist = ownSetup.test();
        Replies.ok(ctx, Replies.of(
                "domain", checklist.domain(),
                "passed", checklist.passed(),
                "checks", SetupChecks.view(checklist),
                "text", checklist.render()));
    }

    private void publicKey(Context ctx) {
        Replies.ok(ctx, Replies.of("domain", ownSetup.domain(), "publicKey", ownSetup.publicKeyPem()));
    }

    private void dnsRecords(Context ctx) {
        auth.requireAdmin(ctx);
        Optional<DnsServerAddress> dnsServer;
        try {
            dnsServer = Optional.ofNullable(ctx.queryParam("dnsServer")).filter(s -> !s.isBlank()).map(DnsServerAddress::parse);
        } catch (DnsRecordsException e) {
            throw RcException.invalidParams(e.getMessage());
        }
        DnsRecords records = ownSetup.records();
        Replies.ok(ctx, Replies.of(
                "domain", records.domain().name(),
                "siteUrl", ownSetup.siteUrl(),
                "federationUrl", records.site().federationUrl(),
                "records", records.all().stream().map(r -> view(r, records.isLegacy(r))).toList(),
                "keyStrings", records.keyStrings(),
                "warnings", records.warnings(),
                "text", records.render(dnsServer)));
    }

    private void checkDnsRecords(Context ctx) {
        auth.requireAdmin(ctx);
        RecordChecks checks = ownSetup.checkRecords();
        Replies.ok(ctx, Replies.of(
                "domain", checks.domain(),
                "resolver", checks.resolver(),
                "ready", checks.ready(),
                "records", checks.records().stream().map(FederationRoutes::view).toList()));
    }

    private static Map<String, Object> view(RecordCheck check) {
        Map<String, Object> v = view(check.expected(), check.optional());
        v.put("checked", check.published());
        v.put("state", check.state().name().toLowerCase(Locale.ROOT));
        v.put("detail", check.detail());
        v.put("found", check.found());
        return v;
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
