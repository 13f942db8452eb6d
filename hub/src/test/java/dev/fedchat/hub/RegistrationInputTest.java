package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fedchat.protocol.crypto.Pem;
import dev.fedchat.protocol.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed registration and lookup: 400 naming what is wrong, nothing stored, no mail. */
class RegistrationInputTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private static final String URL = "https://chat.alpha.example";

    @TempDir
    Path dataDir;

    @Test
    void eachInvalidRegistration_isRefusedWith400_storesNothing_andMailsNobody() throws Exception {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("not json", new String[] {"domain=alpha.example", "the body is not JSON"});
        cases.put("json array", new String[] {"[1,2]", "the body must be a JSON object"});
        cases.put("missing domain", new String[] {TestHub.body(null, URL, KEY), "domain is missing"});
        cases.put("domain not a string", new String[] {"{\"domain\":42,\"url\":\"" + URL + "\"}", "domain must be a string"});
        cases.put("domain is a URL", new String[] {TestHub.body("https://alpha.example", URL, KEY), "it is a URL"});
        cases.put("domain with port", new String[] {TestHub.body("alpha.example:3000", URL, KEY), "it has a port"});
        cases.put("domain with bad label", new String[] {TestHub.body("alpha_.example", URL, KEY), "not a host name label"});
        cases.put("missing url", new String[] {TestHub.body("alpha.example", null, KEY), "url is missing"});
        cases.put("ftp url", new String[] {TestHub.body("alpha.example", "ftp://alpha.example", KEY),
                "is not an http or https URL"});
        cases.put("url without host", new String[] {TestHub.body("alpha.example", "https:///chat", KEY), "has no host name"});
        cases.put("url with password", new String[] {TestHub.body("alpha.example", "https://u:p@alpha.example", KEY),
                "user name or password"});
        cases.put("missing key", new String[] {TestHub.body("alpha.example", URL, null), "public_key is missing"});
        cases.put("key not PEM", new String[] {TestHub.body("alpha.example", URL, "not a key at all"),
                "public_key is not an RSA public key in PEM"});
        cases.put("private key", new String[] {TestHub.body("alpha.example", URL,
                Pem.writePrivate(TestKeys.generate().getPrivate())), "public_key is not an RSA public key in PEM"});
        cases.put("1024-bit key", new String[] {TestHub.body("alpha.example", URL, smallKey()),
                "public_key is an RSA key of 1024 bits; it must have 2048 to 16384"});

        try (TestHub hub = TestHub.start(TestHub.config(dataDir), TestHub.smtp(greenMail.getSmtp().getPort()), TestHub.clock())) {
            cases.forEach((name, c) -> {
                HttpResponse<String> r = hub.postJson(c[0]);
                assertThat(r.statusCode()).as(name).isEqualTo(400);
                assertThat(r.body()).as(name).contains("\"success\":false").contains(c[1]);
            });
            HttpResponse<String> noSearch = TestHub.get(hub.server.url() + "/api/v1/peers");
            assertThat(noSearch.statusCode()).isEqualTo(400);
            assertThat(noSearch.body()).contains("search is missing");
            HttpResponse<String> badSearch = hub.lookup("not_a_domain!");
            assertThat(badSearch.statusCode()).isEqualTo(400);
            assertThat(badSearch.body()).contains("domain:");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        try (HubAdmin admin = HubAdmin.open(HubDatabaseConfig.embedded(dataDir), Clock.systemUTC())) {
            assertThat(admin.entries()).isEmpty();
        }
    }

    private static String smallKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return Pem.writePublic(generator.generateKeyPair().getPublic());
    }
}
