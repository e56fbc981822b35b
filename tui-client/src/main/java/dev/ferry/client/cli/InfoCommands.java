package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.command.Replies;
import dev.ferry.client.failure.FerryException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The one-request commands: list, status, who, uptime, help, about, send. Their replies are worded
 * by {@link Replies}, as the shell and the terminal UI word them.
 */
final class InfoCommands {
    private InfoCommands() {}

    @Command(name = "list", description = "List the repository's files with their sizes.")
    static final class ListCommand extends ClientCommand {
        @Option(names = {"-b", "--bytes"}, description = "Print exact sizes in bytes.")
        boolean bytes;

        @Override
        int run(FerryClient client) throws FerryException {
            Replies.files(await(client.list()), bytes).forEach(out()::println);
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Show the connection history: who connected, when, from where.")
    static final class StatusCommand extends ClientCommand {
        @Override
        int run(FerryClient client) throws FerryException {
            Replies.status(await(client.status()), client.name()).forEach(out()::println);
            return ExitCodes.OK;
        }
    }

    @Command(name = "who", description = "List the clients connected now.")
    static final class WhoCommand extends ClientCommand {
        @Override
        int run(FerryClient client) throws FerryException {
            Replies.who(await(client.who()), client.name()).forEach(out()::println);
            return ExitCodes.OK;
        }
    }

    @Command(name = "uptime", description = "Show how long the server has been up.")
    static final class UptimeCommand extends ClientCommand {
        @Override
        int run(FerryClient client) throws FerryException {
            out().println(Replies.uptime(await(client.uptime())));
            return ExitCodes.OK;
        }
    }

    @Command(name = "help", description = "Show the server's command summary (ferry --help lists this program's).")
    static final class HelpCommand extends ClientCommand {
        @Override
        int run(FerryClient client) throws FerryException {
            out().println(Replies.help(await(client.help())));
            return ExitCodes.OK;
        }
    }

    @Command(name = "about", description = "Show the server's name and version.")
    static final class AboutCommand extends ClientCommand {
        @Override
        int run(FerryClient client) throws FerryException {
            out().println(Replies.about(await(client.about())));
            out().println("connection: " + client.security());
            return ExitCodes.OK;
        }
    }

    @Command(name = "send", description = "Send a message to everyone connected; prints the server's ACK.")
    static final class SendCommand extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The message; several words are joined by spaces.")
        List<String> words;

        @Override
        void checkUsage() {
            String text = String.join(" ", words);
            if (text.isBlank()) {
                throw new ParameterException(spec.commandLine(), "send: the message is "
                        + (text.isEmpty() ? "empty" : "only spaces") + "; there is nothing to send");
            }
        }

        @Override
        int run(FerryClient client) throws FerryException {
            out().println(Replies.acked(await(client.say(String.join(" ", words)))));
            return ExitCodes.OK;
        }
    }
}
