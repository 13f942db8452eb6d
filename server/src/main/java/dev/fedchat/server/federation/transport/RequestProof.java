package dev.fedchat.server.federation.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * fedchat's proof of who sends a server-to-server request, and that it is sent once, to us, now
 * (issue 12; docs/federation-security.md "Who is calling", "Replays"). Rocket.Chat's wire carries
 * no time or nonce (federation-protocol.md §3, §6), so a sealed dispatch body captured once is
 * valid forever; a fedchat sender therefore adds, to every POST and GET,
 * <pre>x-fedchat-proof: v=2;t=&lt;ms&gt;;n=&lt;nonce&gt;;to=&lt;destination&gt;;sig=&lt;base64&gt;</pre>
 * an RSA-SHA256 signature with its federation key over the sender's and the destination's domains,
 * the HTTP method, the path, the sorted query, the time, a random nonce and the SHA-256 of the
 * exact body bytes. A Rocket.Chat peer ignores the header. The receiver checks the signature, that
 * the time is within {@link #MAX_SKEW_MILLIS} of its own, that it is the destination, and that it
 * has not seen the nonce ({@link SeenNonces}).
 *
 * <p>The first format ({@code <ms>.<signature>} over domain, method, query and time, GETs only)
 * is no longer accepted: no fedchat server older than this one is deployed.
 *
 * <p>Immutable values and static functions; thread-safe.
 */
public record RequestProof(long at, String nonce, String destination, byte[] signature) {
    public static final String HEADER = "x-fedchat-proof";
    /**
     * How far the signer's clock may be from ours, either way: wide enough for servers whose
     * clocks NTP keeps within seconds and for a request queued a little while in a proxy, short
     * enough that a captured request is useless soon and the nonces to remember stay few.
     */
    public static final long MAX_SKEW_MILLIS = 5 * 60_000L;
    private static final String VERSION = "2";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a proof covers: one request exactly as sent. {@code method} is the HTTP method, {@code path} starts with {@code /}. */
    public record Signed(String sender, String destination, String method, String path, Map<String, String> query, byte[] body) {}

    /** A fresh proof header for {@code request}, signed now with a new random nonce. */
    public static String sign(PrivateKey key, Signed request, long now) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return sign(key, request, now, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** As {@link #sign(PrivateKey, Signed, long)} with a given nonce (tests). */
    public static String sign(PrivateKey key, Signed request, long now, String nonce) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(payload(request, now, nonce));
            return "v=" + VERSION + ";t=" + now + ";n=" + nonce + ";to=" + request.destination()
                    + ";sig=" + Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-SHA256 is part of every JDK", e);
        }
    }

    /** The header's fields; null when it is not a proof of this version (then it proves nothing). */
    public static RequestProof parse(String header) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : header.strip().split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        if (!VERSION.equals(fields.get("v")) || fields.get("n") == null || fields.get("n").isEmpty()
                || fields.get("n").length() > 64 || fields.get("to") == null || fields.get("sig") == null) {
            return null;
        }
        try {
            return new RequestProof(Long.parseLong(fields.get("t")), fields.get("n"), fields.get("to"),
                    Base64.getDecoder().decode(fields.get("sig")));
        } catch (IllegalArgumentException e) { // NumberFormatException included: not a time, or not base64
            return null;
        }
    }

    /** True when this proof's signature is {@code key}'s over {@code request} with this proof's time and nonce. */
    public boolean signs(PublicKey key, Signed request) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(payload(request, at, nonce));
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** True when the proof's time is within {@link #MAX_SKEW_MILLIS} of {@code now}. */
    public boolean freshAt(long now) {
        return Math.abs(now - at) <= MAX_SKEW_MILLIS;
    }

    private static byte[] payload(Signed r, long at, String nonce) {
        String q = new TreeMap<>(r.query()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return String.join("\n", "fedchat-proof-" + VERSION, r.sender(), r.destination(), r.method(), r.path(), q,
                String.valueOf(at), nonce, sha256(r.body())).getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
