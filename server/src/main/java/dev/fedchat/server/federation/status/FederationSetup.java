package dev.fedchat.server.federation.status;

import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.FederationDomain;
import dev.fedchat.protocol.discovery.HttpUrls;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of the settings the federation status depends on, taken once per evaluation so one
 * evaluation never mixes old and new values.
 *
 * @param domain    {@code FEDERATION_Domain} trimmed. Rocket.Chat removed the first {@code @}
 *                  anywhere in it (federation-protocol.md §1.1), turning {@code a@b.org} into
 *                  {@code ab.org}; we accept a leading {@code @} and refuse the rest with the
 *                  reason, through {@link FederationDomain}, the rules DNS records need
 * @param siteUrl   {@code Site_Url}, trimmed
 * @param hubUrl    {@code FEDERATION_Hub_URL}, trimmed
 */
record FederationSetup(boolean enabled, String domain, String siteUrl, String discoveryMethod, String hubUrl) {
    static final String HUB = "hub";

    static FederationSetup read(SettingsService settings) {
        return new FederationSetup(
                settings.bool(FederationSettings.ENABLED),
                settings.string(FederationSettings.DOMAIN).trim(),
                settings.string(Settings.SITE_URL).trim(),
                settings.string(FederationSettings.DISCOVERY_METHOD),
                settings.string(FederationSettings.HUB_URL).trim());
    }

    boolean viaHub() {
        return HUB.equals(discoveryMethod);
    }

    /** What keeps federation from starting, one phrase per setting, each naming it; empty when complete. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (domain.isEmpty()) {
            problems.add(FederationSettings.DOMAIN + " is empty: set it to this server's domain");
        } else {
            try {
                FederationDomain.parse(domain);
            } catch (DnsRecordsException e) {
                problems.add(e.getMessage());
            }
        }
        if (siteUrl.isEmpty()) {
            problems.add(Settings.SITE_URL + " is empty: set it to the URL peers reach this server at");
        } else if (HttpUrls.parse(siteUrl).isEmpty()) {
            problems.add(Settings.SITE_URL + " '" + siteUrl + "' is not an http(s) URL");
        }
        if (viaHub() && hubUrl.isEmpty()) {
            problems.add(FederationSettings.HUB_URL + " is empty while " + FederationSettings.DISCOVERY_METHOD
                    + " is hub: set the hub's URL, or choose dns");
        } else if (viaHub() && HttpUrls.parse(hubUrl).isEmpty()) {
            problems.add(FederationSettings.HUB_URL + " '" + hubUrl + "' is not an http(s) URL");
        }
        return problems;
    }
}
