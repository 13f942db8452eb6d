package dev.fedchat.bench.load;

import java.io.IOException;

/**
 * The bare-JVM baseline for start-up and resident memory: prints {@code ready} and blocks until
 * its standard input closes. Same JDK and flags as the server, no server.
 */
public final class IdleJvm {
    private IdleJvm() {}

    public static void main(String[] args) throws IOException {
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // block; any input is ignored
        }
    }
}
