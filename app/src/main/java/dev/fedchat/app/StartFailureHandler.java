package dev.fedchat.app;

import dev.fedchat.hub.HubConfigException;
import dev.fedchat.server.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns a configuration mistake into one line an operator can act on, instead of a stack trace;
 * anything else is a real failure and keeps its trace.
 */
final class StartFailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ConfigException || cause instanceof HubConfigException) {
                cmd.getErr().println(prefix(cmd) + cause.getMessage());
                return 2;
            }
            cause = cause.getCause();
        }
        cmd.getErr().println("fedchat: failed: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }

    /** "cannot start" only where something was starting; a tool like {@code dns-records} names itself. */
    private static String prefix(CommandLine cmd) {
        String name = cmd.getCommandName();
        if (name.equals("serve") || name.equals("demo") || name.equals("hub")) {
            return "fedchat: cannot start: ";
        }
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }
}
