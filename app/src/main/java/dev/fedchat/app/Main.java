package dev.fedchat.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fedchat} command line: one runnable jar, one subcommand per deployable. */
@Command(name = "fedchat", mixinStandardHelpOptions = true, version = "fedchat 0.1.0",
        description = "A self-hosted team-chat server that speaks the Rocket.Chat API and federates.",
        subcommands = {ServeCommand.class, HubCommand.class, DemoCommand.class, KeysCommand.class, DnsRecordsCommand.class,
                DoctorCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler(new StartFailureHandler())
                .execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
