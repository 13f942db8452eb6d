package dev.fedchat.server.testing;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The checkout's {@code clients/} directory, where the Node packages the tests drive are installed from
 * {@code clients/package-lock.json} ({@code ./test.sh} runs {@code npm ci} there). A missing install fails the
 * test that needs it rather than skipping it, so it is never mistaken for a pass.
 */
public final class NodeClients {
    private NodeClients() {}

    /** {@code clients/} of the checkout: Maven runs tests in {@code server/}, an IDE may run them at the root. */
    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("clients/package.json"))) {
                return p.resolve("clients");
            }
        }
        return fail("no clients/package.json in %s or any parent directory", dir);
    }

    /** Fails, saying how to install them, unless every package is in {@code clients/node_modules}. */
    public static void requireInstalled(Path clients, List<String> packages) {
        for (String pkg : packages) {
            if (!Files.isRegularFile(clients.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                fail("The Node clients are not installed (%s has no node_modules/%s). Run ./test.sh, which runs "
                        + "`npm ci` in clients/, or run `npm ci` in %s yourself.", clients, pkg, clients);
            }
        }
    }
}
