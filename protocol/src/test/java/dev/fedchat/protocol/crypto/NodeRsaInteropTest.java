package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-check with the real library: node-rsa 1.1.1 (pinned in {@code clients/package-lock.json},
 * installed by {@code ./test.sh}) opens what Java sealed, and Java opens what node-rsa sealed, for
 * fresh keys and fresh random payloads.
 */
class NodeRsaInteropTest {
    private static Path dir;
    private static KeyPair java;
    private static KeyPair node;
    private final PayloadCipher cipher = new PayloadCipher(CryptoProvider.jdk());

    @BeforeAll
    static void keys() throws Exception {
        Path modules = clients().resolve("node_modules/node-rsa");
        if (!Files.isDirectory(modules)) {
            fail("node-rsa is not installed in " + modules + ": run ./test.sh (it runs npm ci in clients/)");
        }
        dir = Files.createTempDirectory("node-rsa-interop");
        java = generate();
        node = generate();
        Files.writeString(dir.resolve("java-public.pem"), Pem.writePublic(java.getPublic()));
        Files.writeString(dir.resolve("java-private.pem"), Pem.writePrivate(java.getPrivate()));
        Files.writeString(dir.resolve("node-public.pem"), Pem.writePublic(node.getPublic()));
        Files.writeString(dir.resolve("node-private.pem"), Pem.writePrivate(node.getPrivate()));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 214, 215, 1000, 10_240, 65_536})
    void nodeRsaOpensWhatJavaSealed(int size) throws Exception {
        byte[] plain = random(size);
        byte[] wire = cipher.seal(plain, node.getPublic(), java.getPrivate());
        byte[] opened = run("open", "java-public.pem", "node-private.pem", wire);
        assertThat(opened).isEqualTo(plain);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 214, 215, 1000, 10_240, 65_536})
    void javaOpensWhatNodeRsaSealed(int size) throws Exception {
        byte[] plain = random(size + 1);
        byte[] wire = run("seal", "java-public.pem", "node-private.pem", plain);
        assertThat(cipher.open(wire, node.getPublic(), java.getPrivate())).isEqualTo(plain);
    }

    private static byte[] run(String mode, String firstKey, String secondKey, byte[] input) throws Exception {
        Path script = clients().resolve("interop/node-rsa-codec.js");
        Process p = new ProcessBuilder(List.of("node", script.toString(), mode, dir.resolve(firstKey).toString(),
                dir.resolve(secondKey).toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(Base64.getEncoder().encode(input));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(p.exitValue()).as("node's exit code").isZero();
        return Base64.getDecoder().decode(new String(out, StandardCharsets.US_ASCII).trim());
    }

    /** {@code clients/} of this checkout, found from the module's working directory. */
    private static Path clients() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("clients/interop"))) {
                return p.resolve("clients");
            }
        }
        throw new IllegalStateException("no clients/ directory above " + here);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size * 31L).nextBytes(b);
        return b;
    }

    private static KeyPair generate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
