package dev.fedchat.server.federation.discovery;

import dev.fedchat.protocol.discovery.DnsRecords;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.doctor.Check;
import dev.fedchat.protocol.doctor.Checklist;
import dev.fedchat.protocol.doctor.Expectations;
import dev.fedchat.protocol.doctor.HubDoctor;
import dev.fedchat.protocol.doctor.RecordChecks;
import dev.fedchat.protocol.doctor.SetupDoctor;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.settings.ServerKeys;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This server's own federation set-up: the records it must publish, and the admin's "Test setup",
 * which runs the doctor on our own domain knowing the exact records and the key we hold — so
 * every failure names the record to publish, and a published key that is not ours is caught —
 * and the live check mark of each record to publish.
 *
 * <p>A server whose discovery method is hub is found by peers through its hub as well: the test
 * then checks the hub's entry too. Where DNS has no usable answer, peers fall back to the hub and
 * DNS's failures become advice; where it has one, peers take it and never ask the hub, so they
 * stay failures. A server that asks no DNS (the demo) checks no record.
 */
public final class OwnSetup {
    private final SettingsService settings;
    private final ServerKeys keys;
    private final SetupDoctor doctor;
    private final HubDoctor hubDoctor;
    private final Optional<String> dnsOff;

    /** @param dnsOff why this server asks no DNS, when it does not */
    public OwnSetup(SettingsService settings, ServerKeys keys, SetupDoctor doctor, HubDoctor hubDoctor, Optional<String> dnsOff) {
        this.settings = settings;
        this.keys = keys;
        this.doctor = doctor;
        this.hubDoctor = hubDoctor;
        this.dnsOff = dnsOff;
    }

    /** The federation domain as the admin set it (possibly empty). */
    public String domain() {
        return settings.string(FederationSettings.DOMAIN);
    }

    public String siteUrl() {
        return settings.string(Settings.SITE_URL);
    }

    /** Our public key, single-line PEM. */
    public String publicKeyPem() {
        return keys.publicPem();
    }

    /** The records to publish; an unusable domain or Site_Url is refused with the reason. */
    public DnsRecords records() {
        try {
            return DnsRecords.of(settings.string(FederationSettings.DOMAIN), settings.string(Settings.SITE_URL), keys.publicPem());
        } catch (DnsRecordsException e) {
            throw switch (e.input()) {
                case DOMAIN -> RcException.invalid("error-invalid-federation-domain", e.getMessage());
                case SITE_URL -> RcException.invalid("error-invalid-site-url", e.getMessage());
                case DNS_SERVER -> RcException.invalidParams(e.getMessage());
                // our own key, read from the database at start: unusable means a bug, not a request to refuse
                case PUBLIC_KEY -> new IllegalStateException(e);
            };
        }
    }

    /** Resolves our own domain as a peer would (DNS, then the hub when we use one) and checks every step against what we expect. */
    public Checklist test() {
        DnsRecords records = records();
        String domain = records.domain().name();
        Optional<URI> hub = hub();
        List<Check> checks = new ArrayList<>();
        String resolver;
        if (dnsOff.isPresent()) {
            resolver = "no DNS server";
            checks.add(hub.isPresent()
                    ? new Check("DNS records", Check.Outcome.SKIP, "not looked up: " + dnsOff.get(), "")
                    : new Check("Discovery", Check.Outcome.FAIL, "this server asks no DNS (" + dnsOff.get()
                    + ") and no hub is set, so nothing tells how peers find it",
                    "set Discovery Method to hub and the Hub URL of the hub this server registers with"));
        } else {
            Checklist dns = doctor.examine(domain, Expectations.of(records, keys.publicPem()));
            resolver = dns.resolver();
            // a peer takes a usable DNS answer and never asks the hub: then DNS's failures are everyone's
            boolean hubDecides = hub.isPresent() && !doctor.peersTakeDnsAnswer(domain);
            dns.checks().stream().map(c -> hubDecides ? advice(c) : c).forEach(checks::add);
        }
        hub.ifPresent(url -> checks.addAll(hubDoctor.examine(url, domain, siteUrl(), keys.publicPem())));
        return new Checklist(domain, resolver, checks);
    }

    /** Looks up each record we must publish now: published as expected, missing, different, or the lookup failed. */
    public RecordChecks checkRecords() {
        return dnsOff.map(why -> RecordChecks.notAsked(records(), why)).orElseGet(() -> doctor.lookUp(records()));
    }

    /** The hub peers find us through, when the discovery method is hub and its URL is one. */
    private Optional<URI> hub() {
        String url = settings.string(FederationSettings.HUB_URL).trim();
        if (!"hub".equals(settings.string(FederationSettings.DISCOVERY_METHOD)) || url.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw RcException.invalid("error-invalid-hub-url", FederationSettings.HUB_URL + " '" + url + "' is not a URL");
        }
    }

    /** A failed DNS check of a server peers find through its hub, DNS having no usable answer: worth fixing, not a failure. */
    private static Check advice(Check check) {
        return check.outcome() != Check.Outcome.FAIL ? check : new Check(check.title(), Check.Outcome.WARN,
                check.detail() + " (peers that look only in DNS cannot find this server; those with a hub can)", check.fix());
    }
}
