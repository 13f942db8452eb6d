package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runnable jar in its own process, for the *IT tests: started with {@code java -jar}, its
 * output (stdout and stderr) in a log file, in the caller's environment minus every variable
 * fedchat reads, so a developer's shell cannot change what a test sees.
 */
public final class FedchatJar {
    private FedchatJar() {}

    public static Process launch(List<String> args, Map<String, String> env, Path log) throws IOException {
        String jar = System.getProperty("fedchat.jar");
        assertThat(jar).as("the failsafe configuration passes -Dfedchat.jar").isNotBlank();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("OVERWRITE_SETTING_") || k.startsWith("ADMIN_")
                || k.startsWith("FEDCHAT_") || k.equals("ROOT_URL") || k.equals("PORT") || k.equals("FEDERATED_DOMAINS_LENGTH"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A free port whose next {@code count - 1} ports are free too: the demo takes three in a row. */
    public static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = freePort();
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    held.add(new ServerSocket(first + i));
                }
                return first;
            } catch (IOException | IllegalArgumentException taken) {
                // one of the next ports is in use (or past the last one): try another start
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
        throw new IOException("found no " + count + " free ports in a row");
    }

    /** Deletes a test's data directory and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
