package dev.fedchat.protocol.doctor;

import dev.fedchat.protocol.crypto.InvalidKeyTextException;
import dev.fedchat.protocol.crypto.KeyFingerprint;
import dev.fedchat.protocol.discovery.HttpUrls;
import dev.fedchat.protocol.doctor.ServerProbe.Result;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.hub.HubException;
import dev.fedchat.protocol.hub.HubPeer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a server registered with a hub needs checked, as a peer that falls back to the hub would
 * meet it: the hub lists the domain (its registration was confirmed), at this server's URL and with
 * the key it holds, and that URL answers the Rocket.Chat API. The DNS checks of {@link SetupDoctor}
 * say nothing of this: a server found only through its hub passes none of them yet works.
 * Thread-safe.
 */
public final class HubDoctor {
    private final HubClient hub;
    private final ServerProbe probe;

    public HubDoctor(HubClient hub, Duration networkTimeout) {
        this.hub = hub;
        this.probe = new ServerProbe(networkTimeout);
    }

    /**
     * @param hubUrl   the hub this server registers with
     * @param siteUrl  this server's {@code Site_Url}, what it registered as its URL
     * @param localKey the single-line PEM this server holds
     */
    public List<Check> examine(URI hubUrl, String domain, String siteUrl, String localKey) {
        String again = "save the federation settings to register again, then follow the link the hub mails to webmaster@"
                + domain;
        HubPeer listed;
        try {
            listed = hub.lookup(hubUrl, domain);
        } catch (HubException e) {
            String why = e.reason() == HubException.Reason.PEER_NOT_FOUND
                    ? "the hub " + hubUrl + " does not list " + domain + " (yet): its registration is not confirmed"
                    : "the hub " + hubUrl + " could not be asked: " + e.getMessage();
            String fix = e.reason() == HubException.Reason.PEER_NOT_FOUND
                    ? "follow the link the hub mailed to webmaster@" + domain + "; if the mail is lost, " + again
                    : "check the Hub URL, and that the hub is up";
            String skipped = "the hub does not list this server";
            return List.of(Check.fail("Hub listing", why, fix), Check.skip("Key at the hub", skipped),
                    Check.skip("Rocket.Chat API at the listed URL", skipped));
        }
        return List.of(listing(hubUrl, domain, listed, siteUrl, again), key(listed, localKey, again), api(listed));
    }

    private static Check listing(URI hubUrl, String domain, HubPeer listed, String siteUrl, String again) {
        String title = "Hub listing";
        if (!trimmed(listed.url()).equalsIgnoreCase(trimmed(siteUrl))) {
            return Check.fail(title, "the hub " + hubUrl + " lists " + domain + " at " + listed.url() + " but Site_Url is "
                    + siteUrl + "; peers that find this server through the hub call the old address", again);
        }
        return Check.pass(title, "the hub " + hubUrl + " lists " + domain + " at " + listed.url());
    }

    private static Check key(HubPeer listed, String localKey, String again) {
        String title = "Key at the hub";
        String local = KeyFingerprint.of(localKey);
        String atHub;
        try {
            atHub = KeyFingerprint.of(listed.publicKeyPem());
        } catch (InvalidKeyTextException e) {
            return Check.fail(title, "the hub lists a key that is not an RSA public key: " + e.getMessage(), again);
        }
        if (!atHub.equals(local)) {
            return Check.fail(title, "the hub lists " + atHub + " but this server holds " + local
                    + "; peers that find it through the hub would encrypt for a key nobody holds", again);
        }
        return Check.pass(title, "the hub lists " + local + ", the key this server holds");
    }

    private Check api(HubPeer listed) {
        String title = "Rocket.Chat API at the listed URL";
        // the hub's answer is not ours to trust: a listed URL that cannot be called is a failure, not an error
        Optional<URI> url = HttpUrls.parse(trimmed(listed.url()));
        if (url.isEmpty()) {
            return Check.fail(title, "the hub lists '" + listed.url() + "', which is not an http(s) URL",
                    "save the federation settings to register again with Site_Url");
        }
        URI base = url.get();
        Result<String> version = probe.info(base);
        if (!version.ok()) {
            return Check.fail(title, version.failure(), "make sure " + base
                    + " reaches the chat server from other servers (a reverse proxy must pass /api/ through)");
        }
        return Check.pass(title, "GET " + base + "/api/info answers, version " + version.value());
    }

    private static String trimmed(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
