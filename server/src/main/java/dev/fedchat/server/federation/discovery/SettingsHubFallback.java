package dev.fedchat.server.federation.discovery;

import dev.fedchat.protocol.discovery.HubFallback;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.hub.HubPeer;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.settings.SettingsService;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The hub named by {@code FEDERATION_Hub_URL} at the moment of the lookup, so an admin's change
 * applies to the next lookup without a restart. Every server uses it as DNS's fallback,
 * whatever its own discovery method (federation-protocol.md §5).
 */
public final class SettingsHubFallback implements HubFallback {
    private final SettingsService settings;
    private final HubClient client;

    public SettingsHubFallback(SettingsService settings, HubClient client) {
        this.settings = settings;
        this.client = client;
    }

    @Override
    public Optional<String> hub() {
        return Optional.of(settings.string(FederationSettings.HUB_URL).strip()).filter(url -> !url.isEmpty());
    }

    @Override
    public HubPeer find(String domain) {
        String url = hub().orElseThrow(() -> new IllegalStateException("no hub is configured"));
        URI hub;
        try {
            hub = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("FEDERATION_Hub_URL '" + url + "' is not a URL: " + e.getMessage());
        }
        return client.lookup(hub, domain);
    }
}
