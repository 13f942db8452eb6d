package dev.fedchat.server.federation.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * fedchat's proof of who sends an unsigned request (Rocket.Chat's GETs carry only the claimed
 * {@code x-federation-domain}): {@code x-fedchat-proof: <ms>.<base64 RSA-SHA256 signature>} over the
 * claimed domain, the method, the sorted query and the time. Rocket.Chat peers send no proof and
 * are judged by their claim alone; a proof that is present must be valid (docs/federation-security.md).
 */
public final class RequestProof {
    public static final String HEADER = "x-fedchat-proof";
    /** How far the signer's clock may be from ours. */
    public static final long MAX_SKEW_MILLIS = 5 * 60_000L;

    private RequestProof() {}

    public static String sign(PrivateKey key, String domain, String method, Map<String, String> query, long now) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(payload(domain, method, query, now));
            return now + "." + Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-SHA256 is part of every JDK", e);
        }
    }

    /** True when {@code header} is a fresh signature of this request by {@code key}. */
    public static boolean verify(PublicKey key, String header, String domain, String method, Map<String, String> query, long now) {
        int dot = header.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            long at = Long.parseLong(header.substring(0, dot));
            if (Math.abs(now - at) > MAX_SKEW_MILLIS) {
                return false;
            }
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(payload(domain, method, query, at));
            return s.verify(Base64.getDecoder().decode(header.substring(dot + 1)));
        } catch (NumberFormatException | GeneralSecurityException e) {
            return false;
        } catch (IllegalArgumentException e) {
            return false; // not base64
        }
    }

    private static byte[] payload(String domain, String method, Map<String, String> query, long at) {
        String q = new TreeMap<>(query).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return (domain + "\n" + method + "\n" + q + "\n" + at).getBytes(StandardCharsets.UTF_8);
    }
}
