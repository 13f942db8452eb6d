package dev.fedchat.server.federation.discovery;

import static dev.fedchat.server.testing.Json.obj;

import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.util.Optional;

/**
 * A server set up as its admin would for federation under {@code own.test} ({@code Site_Url =
 * http://localhost:<port>}), asking a real dnsmasq ({@code --dns-server}) that serves nothing
 * until the test {@link #publish publishes} records: the ground for checking our own set-up.
 */
final class OwnDomain implements AutoCloseable {
    static final String DOMAIN = "own.test";

    final TestServer server;
    final ApiClient admin;
    final int port;
    /** The public key the server holds, single-line PEM. */
    final String key;
    private Dnsmasq dns;

    OwnDomain() {
        // the server must know the DNS server's port and the records the server's: start DNS empty, then fill it
        dns = Dnsmasq.records().start();
        try {
            server = TestServer.start(c -> c.withDnsServer(Optional.of(dns.server())));
        } catch (RuntimeException e) {
            dns.close();
            throw e;
        }
        port = server.server().port();
        key = server.server().keys().publicPem();
        admin = server.admin();
        admin.post("/api/v1/settings/Site_Url", obj("value", "http://localhost:" + port)).expectOk();
        admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", DOMAIN)).expectOk();
    }

    /** From now on DNS serves these records, and only these. */
    void publish(Dnsmasq.Records records) {
        dns = dns.restart(records);
    }

    Dnsmasq dns() {
        return dns;
    }

    @Override
    public void close() {
        server.close();
        dns.close();
    }
}
