package dev.fedchat.hub;

import dev.fedchat.protocol.crypto.InvalidKeyTextException;
import dev.fedchat.protocol.crypto.KeyFingerprint;
import dev.fedchat.protocol.crypto.Pem;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.FederationDomain;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

/**
 * What a server registers, checked: a canonical domain (lower case, ASCII), its http(s) URL as
 * given, and its RSA key as single-line PEM with the key's fingerprint. Two registrations are the
 * same when these are equal, however the key text was wrapped.
 */
record PeerData(String domain, String url, String publicKey, String fingerprint) {
    /** The {@code FEDERATION_Domain} limit plus a little; a real Site_Url is far shorter. */
    static final int MAX_URL_LENGTH = 2048;
    /** A PEM of a 16384-bit key is about 2,900 characters; more is not a key we take. */
    static final int MAX_KEY_TEXT = 8192;
    /** Below this the double encryption is breakable (federation-protocol.md §3.7); Rocket.Chat made 2048. */
    static final int MIN_KEY_BITS = 2048;
    static final int MAX_KEY_BITS = 16384;

    /**
     * Checks the three fields of a registration, in order, and says exactly what is wrong with the
     * first bad one.
     *
     * @throws InvalidRegistrationException for a missing, malformed or unusable field
     */
    static PeerData parse(String domainText, String urlText, String keyText) {
        String domain = domain(domainText);
        String url = url(urlText);
        PublicKey key = key(keyText);
        return new PeerData(domain, url, Pem.writePublic(key), KeyFingerprint.of(key));
    }

    /** The domain a lookup asks for, in canonical form. */
    static String domain(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRegistrationException("domain is missing: give the server's FEDERATION_Domain, e.g. example.org");
        }
        try {
            return FederationDomain.parse(text).name();
        } catch (DnsRecordsException e) {
            throw new InvalidRegistrationException("domain: " + e.getMessage());
        }
    }

    private static String url(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRegistrationException("url is missing: give the server's Site_Url, e.g. https://chat.example.org");
        }
        if (text.length() > MAX_URL_LENGTH) {
            throw new InvalidRegistrationException("url is " + text.length() + " characters long; at most " + MAX_URL_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidRegistrationException("url '" + text + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidRegistrationException("url '" + text + "' is not an http or https URL such as https://chat.example.org");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidRegistrationException("url '" + text + "' has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidRegistrationException("url '" + text + "' carries a user name or password; give the plain Site_Url");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidRegistrationException("url '" + text + "' has a query or fragment; give the plain Site_Url");
        }
        return uri.toString();
    }

    private static PublicKey key(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRegistrationException("public_key is missing: give the server's RSA public key in PEM"
                    + " (-----BEGIN PUBLIC KEY-----...)");
        }
        if (text.length() > MAX_KEY_TEXT) {
            throw new InvalidRegistrationException("public_key is " + text.length() + " characters long; a PEM RSA key of at"
                    + " most " + MAX_KEY_BITS + " bits is shorter than " + MAX_KEY_TEXT);
        }
        PublicKey key;
        try {
            key = Pem.readPublic(text);
        } catch (InvalidKeyTextException e) {
            throw new InvalidRegistrationException("public_key is not an RSA public key in PEM: " + e.getMessage());
        }
        int bits = ((RSAPublicKey) key).getModulus().bitLength();
        if (bits < MIN_KEY_BITS || bits > MAX_KEY_BITS) {
            throw new InvalidRegistrationException("public_key is an RSA key of " + bits + " bits; it must have "
                    + MIN_KEY_BITS + " to " + MAX_KEY_BITS);
        }
        return key;
    }

    boolean sameAs(String otherUrl, String otherKey) {
        return url.equals(otherUrl) && publicKey.equals(otherKey);
    }
}
