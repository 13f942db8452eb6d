package dev.fedchat.server.federation.settings;

import dev.fedchat.protocol.crypto.Pem;
import dev.fedchat.server.db.UniqueViolation;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federation key pair in the database: RSA-2048 with e = 65537, as Rocket.Chat's node-rsa
 * made them, generated the first time a server needs it and the same ever after (there is no
 * implicit rotation: peers find the key in DNS or at the hub). Thread-safe; two servers starting
 * on one new database at once agree on one pair through the primary key.
 */
public final class FederationKeyStore {
    private static final Logger log = LoggerFactory.getLogger(FederationKeyStore.class);
    static final int KEY_BITS = 2048;

    private final Jdbi jdbi;
    private final Clock clock;

    public FederationKeyStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public ServerKeys loadOrCreate() {
        Map<String, String> stored = load();
        if (stored.containsKey("private") && stored.containsKey("public")) {
            return keys(stored);
        }
        KeyPair pair = generate();
        String publicPem = Pem.writePublic(pair.getPublic());
        try {
            jdbi.useTransaction(h -> {
                long now = clock.millis();
                for (var row : Map.of("public", publicPem, "private", Pem.writePrivate(pair.getPrivate())).entrySet()) {
                    h.createUpdate("INSERT INTO federation_keys (kind, pem, created_at) VALUES (:kind, :pem, :now)")
                            .bind("kind", row.getKey()).bind("pem", row.getValue()).bind("now", now).execute();
                }
            });
        } catch (RuntimeException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            return keys(load()); // another process on the same database stored its pair first
        }
        log.info("Generated this server's federation key pair (RSA-{}); its public key is the setting FEDERATION_Public_Key",
                KEY_BITS);
        return new ServerKeys(pair.getPublic(), pair.getPrivate(), publicPem);
    }

    private Map<String, String> load() {
        return jdbi.withHandle(h -> h.createQuery("SELECT kind, pem FROM federation_keys")
                .setMapKeyColumn("kind").setMapValueColumn("pem")
                .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() {}));
    }

    private static ServerKeys keys(Map<String, String> stored) {
        String publicPem = stored.get("public");
        return new ServerKeys(Pem.readPublic(publicPem), Pem.readPrivate(stored.get("private")), publicPem);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(KEY_BITS, RSAKeyGenParameterSpec.F4));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is required by the Java platform", e);
        }
    }
}
