package dev.fedchat.server.federation.discovery;

import dev.fedchat.protocol.discovery.DnsRecords;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.doctor.Checklist;
import dev.fedchat.protocol.doctor.Expectations;
import dev.fedchat.protocol.doctor.RecordChecks;
import dev.fedchat.protocol.doctor.SetupDoctor;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.settings.ServerKeys;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;

/**
 * This server's own federation set-up: the records it must publish, and the admin's "Test setup",
 * which runs the doctor on our own domain knowing the exact records and the key we hold — so
 * every failure names the record to publish, and a published key that is not ours is caught —
 * and the live check mark of each record to publish.
 */
public final class OwnSetup {
    private final SettingsService settings;
    private final ServerKeys keys;
    private final SetupDoctor doctor;

    public OwnSetup(SettingsService settings, ServerKeys keys, SetupDoctor doctor) {
        this.settings = settings;
        this.keys = keys;
        this.doctor = doctor;
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

    /** Resolves our own domain as a peer would and checks every step against what we expect. */
    public Checklist test() {
        DnsRecords records = records();
        return doctor.examine(records.domain().name(), Expectations.of(records, keys.publicPem()));
    }

    /** Looks up each record we must publish now: published as expected, missing, different, or the lookup failed. */
    public RecordChecks checkRecords() {
        return doctor.lookUp(records());
    }
}
