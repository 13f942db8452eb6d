package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code fedchat keys show} prints the key the server on the same data directory publishes. */
class KeysCommandTest {

    @Test
    void keysShow_printsTheServersPublicKey() throws Exception {
        Path dir = Files.createTempDirectory("fedchat-keys");
        try {
            StringWriter out = new StringWriter();
            int code = new CommandLine(new Main()).setOut(new PrintWriter(out))
                    .execute("keys", "show", "--data-dir", dir.toString());
            assertThat(code).isZero();
            String printed = out.toString().trim();
            assertThat(printed).startsWith("-----BEGIN PUBLIC KEY-----").endsWith("-----END PUBLIC KEY-----");

            try (FedchatServer server = FedchatServer.start(ServerConfig.embedded(dir, 0))) {
                assertThat(server.keys().publicPem()).isEqualTo(printed);
            }
            StringWriter again = new StringWriter();
            new CommandLine(new Main()).setOut(new PrintWriter(again)).execute("keys", "show", "--data-dir", dir.toString());
            assertThat(again.toString().trim()).isEqualTo(printed);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
