package dev.fedchat.app;

import dev.fedchat.server.FedchatServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fedchat serve}: one server until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start a fedchat server.")
final class ServeCommand implements Runnable {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public void run() {
        FedchatServer server = FedchatServer.start(options.toConfig(System.getenv()));
        RunUntilStopped.await(server);
    }
}
