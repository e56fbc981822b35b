package dev.ferry.daemon;

import dev.ferry.daemon.access.AccessKey;
import dev.ferry.daemon.access.KeyAdmin;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.access.ListenAddress;
import dev.ferry.daemon.access.StateDir;
import dev.ferry.protocol.Invitation;
import dev.ferry.protocol.Wire;
import dev.ferry.settings.Durations;
import dev.ferry.transport.ServerIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferryd invite}, {@code ferryd keys} and {@code ferryd revoke}: access keys, managed in the
 * state folder while the daemon runs (it sees each change within a second). Failures are one line
 * and exit status 1; a wrong use is status 2.
 */
final class KeyCommands {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    /**
     * When a key stops working, and while that is ahead how long from {@code now}, in the words
     * the client uses for durations: {@code 2027-01-06 20:00Z (in 30 d 0 h)}.
     */
    static String expiry(Instant expires, Instant now) {
        String when = WHEN.format(expires);
        return expires.isAfter(now) ? when + " (in " + Durations.format(Duration.between(now, expires)) + ")" : when;
    }

    private KeyCommands() {}

    /** The state folder option every key command shares. */
    abstract static class StateCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The daemon's state folder (default: $STATE_DIRECTORY under systemd, else $XDG_STATE_HOME/ferry).")
        Path stateDir;

        Path stateDir() {
            return stateDir != null ? stateDir : StateDir.defaultFor(System.getenv());
        }

        KeyAdmin admin() {
            return new KeyAdmin(new KeysFile(stateDir()), Clock.systemUTC());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** A failure the user caused or can mend: one line, status 1. */
        int failed(String message) {
            err().println("ferryd " + spec.name() + ": " + message);
            return 1;
        }
    }

    /**
     * {@code ferryd fingerprint}: the server's fingerprint, as clients are to see it; the identity is
     * made now if this is before the first start, so it can be handed out ahead.
     */
    @Command(name = "fingerprint", description = "Prints the server's fingerprint (SHA256:...), which clients pin.")
    static final class Fingerprint extends StateCommand {
        @Override
        public Integer call() {
            try {
                out().println(ServerIdentity.loadOrCreate(stateDir()).fingerprint());
                out().flush();
                return 0;
            } catch (IOException e) {
                return failed("cannot read the server's identity in " + stateDir() + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "invite", description = {"Makes an access key and prints an invitation: one line that carries the",
            "server's address, its fingerprint and the key's secret, for 'ferry join'.",
            "The daemon keeps only a hash of the secret; the line is shown once."})
    static final class Invite extends StateCommand {
        @Option(names = "--label", paramLabel = "NAME", description = "Whom the key is for, shown beside the client's name (default: guest1, guest2, …).")
        String label;

        @Option(names = "--write", description = "Let the key change the repository too (default: read only).")
        boolean write;

        @Option(names = "--expires", paramLabel = "DURATION", description = "Stop working after this long: 90m, 12h, 30d, 2w (default: never).")
        String expires;

        @Option(names = "--address", paramLabel = "HOST[:PORT]",
                description = "Address to put in the invitation (default: where the running ferryd listens).")
        String address;

        @Override
        public Integer call() throws IOException {
            Duration lifetime;
            try {
                lifetime = expires == null ? null : Durations.parse(expires);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--expires: " + e.getMessage());
            }
            String[] hostPort;
            try {
                hostPort = where();
            } catch (IllegalArgumentException e) {
                return failed(e.getMessage());
            }
            Optional<String> fingerprint = ServerFingerprint.of(stateDir());
            KeyAdmin.NewKey made;
            try {
                made = admin().create(label, write, lifetime);
            } catch (IllegalArgumentException e) {
                return failed(e.getMessage());
            }
            Invitation invitation = new Invitation(hostPort[0], Integer.parseInt(hostPort[1]), fingerprint.orElse(""),
                    made.secret());
            AccessKey key = made.key();
            out().println(invitation.text());
            out().flush();
            err().printf("ferryd invite: key %s for %s (%s%s); it works at once. Give the line above to %s only:%n"
                    + "  ferry join reads it from its standard input, so it stays off command lines.%n",
                    key.id(), key.label(), key.access().permissions(),
                    key.expires() == null ? ", never expires" : ", expires " + expiry(key.expires(), key.created()), key.label());
            return 0;
        }

        /** Host and port for the invitation: as given, else as the running daemon recorded them. */
        private String[] where() throws IOException {
            String given = address;
            if (given == null) {
                given = ListenAddress.recorded(stateDir()).orElseThrow(() -> new IllegalArgumentException(
                        "no ferryd has recorded where it listens in " + stateDir() + "; start it, or give --address HOST:PORT"));
            }
            String host;
            String port;
            int colon = given.lastIndexOf(':');
            if (given.startsWith("[")) {
                int close = given.indexOf(']');
                host = given.substring(1, Math.max(1, close));
                port = close >= 0 && given.length() > close + 1 && given.charAt(close + 1) == ':' ? given.substring(close + 2) : "";
            } else if (colon > 0 && given.indexOf(':') == colon) {
                host = given.substring(0, colon);
                port = given.substring(colon + 1);
            } else {
                host = given;
                port = "";
            }
            if (port.isEmpty()) {
                port = Integer.toString(Wire.DEFAULT_PORT);
            }
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("'" + given + "' is not HOST:PORT");
            }
            if (ListenAddress.isWildcard(host)) {
                String outside = ListenAddress.outsideAddress().orElseThrow(() -> new IllegalArgumentException(
                        "ferryd listens on every address, but this machine has none beyond loopback; give --address HOST:PORT"));
                err().println("ferryd invite: ferryd listens on every address; inviting to " + outside + " (--address to choose another)");
                host = outside;
            }
            return new String[] {host, port};
        }
    }

    @Command(name = "keys", description = "Lists the access keys: label, when made and last used, permissions, expiry.")
    static final class Keys extends StateCommand {
        @Override
        public Integer call() throws IOException {
            List<AccessKey> keys = admin().list();
            if (keys.isEmpty()) {
                out().println("no access keys in " + stateDir() + "; 'ferryd invite' makes one");
                return 0;
            }
            Instant now = Instant.now();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "LABEL", "CREATED", "LAST USED", "PERMISSIONS", "EXPIRES", "STATE"});
            for (AccessKey key : keys) {
                rows.add(new String[] {key.id(), key.label(), WHEN.format(key.created()),
                        key.lastUsed() == null ? "never" : WHEN.format(key.lastUsed()), key.access().permissions(),
                        key.expires() == null ? "never" : expiry(key.expires(), now),
                        switch (key.status(now)) {
                            case ACTIVE -> "active";
                            case EXPIRED -> "expired";
                            case REVOKED -> "revoked " + WHEN.format(key.revoked());
                        }});
            }
            table(rows).forEach(out()::println);
            return 0;
        }

        private static List<String> table(List<String[]> rows) {
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            List<String> lines = new ArrayList<>();
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
                }
                lines.add(line.toString().stripTrailing());
            }
            return lines;
        }
    }

    @Command(name = "revoke", description = {"Revokes an access key, by label or id: it is refused from now on,",
            "and a running ferryd ends the sessions that use it within a second."})
    static final class Revoke extends StateCommand {
        @Parameters(paramLabel = "LABEL|ID", description = "The key's label or id, as 'ferryd keys' lists them.")
        String which;

        @Override
        public Integer call() throws IOException {
            try {
                for (AccessKey key : admin().revoke(which)) {
                    out().println("revoked key " + key.id() + " (" + key.label() + "); sessions using it are ended");
                }
                return 0;
            } catch (IllegalArgumentException e) {
                return failed(e.getMessage());
            }
        }
    }
}
