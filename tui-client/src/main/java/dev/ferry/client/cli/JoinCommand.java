package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.access.ServerPins;
import dev.ferry.client.access.ServersFile;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.trust.KnownServers;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Invitation;
import dev.ferry.protocol.Text;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry join}: takes an invitation from {@code ferryd invite}, pins the server's fingerprint
 * it vouches for, checks that the server lets the key in, and stores server and key in the
 * joined servers' file (mode 0600) as the default server. From then on {@code ferry list} (or
 * {@code ferry --host H --port P list}) finds both by itself.
 */
@Command(name = "join", description = {"Joins a server with an invitation from 'ferryd invite': pins the server, stores",
        "its access key in ~/.config/ferry/servers (mode 0600) and makes it the default server.",
        "Reads the invitation from standard input when none is given, which keeps it out of 'ps'."})
final class JoinCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "INVITATION", description = "ferry://HOST:PORT/#fp=…&key=… (default: read from standard input).")
    String given;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Invitation invitation;
        try {
            invitation = Invitation.parse(given != null ? given : readInvitation(err));
        } catch (IllegalArgumentException | IOException e) {
            err.println("ferry: join: " + Text.printable(e.getMessage()));
            return ExitCodes.USAGE;
        }
        String where = invitation.address();
        try {
            if (!invitation.fingerprint().isEmpty()) {
                ServerPins.forUser(root.env()).pin(invitation.host(), invitation.port(), invitation.fingerprint());
            }
        } catch (IOException e) {
            err.println("ferry: join: " + e.getMessage());
            return ExitCodes.NOT_ALLOWED;
        }
        String welcome;
        try {
            welcome = tryKey(invitation);
        } catch (FerryException e) {
            if (e.kind() != FerryException.Kind.CONNECT) {
                err.println("ferry: join: " + Formats.failure(e));
                return ExitCodes.of(e);
            }
            welcome = null;
            err.println("ferry: join: " + Formats.failure(e) + "; the key is stored all the same");
        }
        ServersFile servers = root.servers();
        try {
            servers.store(new ServersFile.Server(invitation.host(), invitation.port(), invitation.secret()), true);
        } catch (IOException e) {
            err.println("ferry: join: cannot store the key in " + servers.path() + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        out.println("joined " + where + (welcome != null ? " (" + welcome + ")" : "") + "; it is now the default server:"
                + " 'ferry list' lists its files");
        return welcome != null ? ExitCodes.OK : ExitCodes.CANNOT_CONNECT;
    }

    /** Connects with the invitation's key and says how the server welcomed it. */
    private String tryKey(Invitation invitation) throws FerryException {
        // the server must show the fingerprint the invitation vouches for (pinned just before)
        ServerTrust trust = invitation.fingerprint().isEmpty()
                ? ServerTrust.refuseUnknown(KnownServers.forUser(root.env()))
                : ServerTrust.exactly(invitation.fingerprint());
        ClientOptions options = ClientOptions.defaults().withAddress(invitation.host(), invitation.port())
                .withKey(invitation.secret()).withTrust(trust);
        Warmup.awaitLogging();
        try (FerryClient client = FerryClient.connect(options, ClientListener.NONE)) {
            String welcome = "welcomed as " + client.name() + ", " + (client.mayWrite() ? "may read and write" : "read only");
            try {
                client.exit().get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // gone first: nothing left to say
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return welcome;
        }
    }

    /** One line from standard input; on a terminal, asked for and not echoed, as a password is. */
    private String readInvitation(PrintWriter err) throws IOException {
        Console console = System.console();
        if (console != null && root.stdinIsTerminal()) {
            char[] typed = console.readPassword("Invitation (ferry://…, not shown): ");
            if (typed == null) {
                throw new IOException("no invitation: standard input ended");
            }
            return new String(typed);
        }
        String line = new BufferedReader(new InputStreamReader(root.stdin(), StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isBlank()) {
            throw new IOException("no invitation: give one, or pipe it in ('ferry join < invitation.txt')");
        }
        return line;
    }
}
