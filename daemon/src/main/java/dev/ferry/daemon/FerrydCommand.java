package dev.ferry.daemon;

import ch.qos.logback.classic.LoggerContext;
import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.ListenAddress;
import dev.ferry.daemon.access.StateDir;
import dev.ferry.daemon.repository.DiskNames;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.settings.FileDefaults;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.settings.ByteSize;
import dev.ferry.settings.Durations;
import dev.ferry.settings.Rate;
import dev.ferry.settings.SettingsException;
import dev.ferry.transport.ServerIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ferryd}: the command line. Parses flags, points the log at its file, starts the daemon
 * and keeps the process alive until SIGTERM or SIGINT, which stop it gracefully. Every flag may
 * also be set in a settings file ({@link FileDefaults}); a flag given wins. Every failure a user
 * can cause (a bad flag, a bad settings line, a port in use, a missing folder) is one line on
 * stderr and a non-zero exit: 2 for usage, 1 for the rest.
 */
@Command(name = "ferryd", mixinStandardHelpOptions = true, versionProvider = FerrydCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {FerrydCommand.ConfigCommand.class, KeyCommands.Invite.class, KeyCommands.Keys.class,
                KeyCommands.Revoke.class, KeyCommands.Fingerprint.class},
        description = "Serves one folder to a few named clients over the Ferry protocol.%n",
        footer = {"%nStops gracefully on SIGTERM or SIGINT: clients are told, transfers end resumably.",
                "Every flag may also be set in a settings file, one 'name = value' a line ('port = 6000');",
                "a flag given on the command line wins. 'ferryd config' prints the settings in effect.",
                "Beyond loopback clients need an access key: 'ferryd invite' makes one, 'ferryd keys' lists them.",
                "Exit status: 0 stopped, 1 could not start, 2 bad usage, 3 out of memory (logged)."})
public final class FerrydCommand implements Callable<Integer> {

    /** The settings file for everyone; a user's own, if they have one, comes first. */
    public static final Path SYSTEM_SETTINGS = Path.of("/etc/ferry/ferryd.conf");

    @Spec
    private CommandSpec spec;

    @SuppressWarnings("unused") // read before parsing, by FileDefaults; declared for help and the man page
    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file, one 'name = value' a line, names as the long flags' (default: "
                    + "$XDG_CONFIG_HOME/ferry/ferryd.conf if it exists, else /etc/ferry/ferryd.conf if it exists).")
    private Path configFile;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "50000", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--repo", defaultValue = "files", paramLabel = "FOLDER",
            description = "Folder to serve (default: ${DEFAULT-VALUE}).")
    private Path repository;

    @Option(names = "--max-clients", defaultValue = "3", paramLabel = "N",
            description = "Clients connected at once (default: ${DEFAULT-VALUE}).")
    private int maxClients;

    @Option(names = "--log-file", defaultValue = "logs/ferryd.log", paramLabel = "FILE",
            description = "Log file, rolled at 10 MB with five old files kept (default: ${DEFAULT-VALUE}).")
    private Path logFile;

    @Option(names = "--handshake-timeout", defaultValue = "5", paramLabel = "SECONDS",
            description = "Time a new connection has to say hello (default: ${DEFAULT-VALUE}).")
    private long handshakeTimeout;

    @Option(names = "--idle-timeout", defaultValue = "1800", paramLabel = "SECONDS",
            description = "Disconnect a client silent this long while nothing is being sent to it (a download stalled on its window counts as nothing); 0 = never (default: ${DEFAULT-VALUE}).")
    private long idleTimeout;

    @Option(names = "--write-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "Disconnect a client that stops reading for this long (default: ${DEFAULT-VALUE}).")
    private long writeTimeout;

    @Option(names = "--max-transfers", defaultValue = "16", paramLabel = "N",
            description = "Downloads one client may have in flight (default: ${DEFAULT-VALUE}).")
    private int maxTransfers;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Folder for the daemon's own state, mode 0700: its access keys, its TLS key (0600) and certificate (default: $STATE_DIRECTORY under systemd, else $XDG_STATE_HOME/ferry).")
    private Path stateDir;

    @Option(names = "--auth", paramLabel = "keys|none",
            description = "Whether clients need an access key (default: none on a loopback address, keys on any other).")
    private String auth;

    @Option(names = "--uploads",
            description = "Let clients without an access key upload (only with --auth none; a key made with 'ferryd invite --write' may upload anyway). Read-only by default.")
    private boolean uploads;

    @Option(names = "--max-upload-size", defaultValue = "0", paramLabel = "SIZE",
            description = "Largest upload accepted, such as 500M or 10G; refused before its first byte; 0 = no limit (default: ${DEFAULT-VALUE}).")
    private String maxUploadSize;

    @Option(names = "--min-free-space", defaultValue = "256M", paramLabel = "SIZE",
            description = "Free space an upload must leave on the repository's disk; refused before its first byte (default: ${DEFAULT-VALUE}).")
    private String minFreeSpace;

    @Option(names = "--upload-partial-ttl", defaultValue = "24h", paramLabel = "DURATION",
            description = "How long the partial of an unfinished upload is kept for a resume, such as 90m, 24h or 7d (default: ${DEFAULT-VALUE}).")
    private String uploadPartialTtl;

    @Option(names = "--chunk-size", defaultValue = "1048576", paramLabel = "BYTES", hidden = true,
            description = "Bytes of file data per frame, 4096 to 4194304 (default: ${DEFAULT-VALUE}).")
    private int chunkSize;

    @Option(names = "--max-rate", paramLabel = "RATE",
            description = "Most file data a second to any one client, as 500K, 10M or 1048576 bytes (default: no limit).")
    private String maxRate;

    @Option(names = "--max-total-rate", paramLabel = "RATE",
            description = "Most file data a second to all clients together, shared equally among those downloading"
                    + " (default: no limit).")
    private String maxTotalRate;

    @Option(names = "--no-tls",
            description = "Plain text instead of TLS 1.3; allowed only on a loopback address.")
    private boolean noTls;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private FileDefaults settings = FileDefaults.none();

    public static void main(String[] args) {
        System.exit(execute(commandLine(), System.getenv(), SYSTEM_SETTINGS, args));
    }

    /**
     * Runs the command line with the settings file ARGS name (or the default one, found through
     * ENV, else SYSTEM_FILE) under its flags. A bad file is one line and exit status 2, except
     * for --help and --version, which work whatever the file says.
     */
    public static int execute(CommandLine cli, Map<String, String> env, Path systemFile, String... args) {
        FerrydCommand command = cli.getCommand();
        try {
            command.settings = FileDefaults.load(cli.getCommandSpec(), env, systemFile, args);
        } catch (SettingsException e) {
            List<String> given = List.of(args);
            if (!given.contains("--help") && !given.contains("-h") && !given.contains("--version") && !given.contains("-V")) {
                cli.getErr().println("ferryd: " + e.getMessage());
                return 2;
            }
        }
        cli.setDefaultValueProvider(command.settings);
        return cli.execute(args);
    }

    /** The command line, with errors reduced to one line each. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FerrydCommand());
        cli.setAllowSubcommandsAsOptionParameters(true); // --auth keys: the value, not the 'keys' command
        cli.setParameterExceptionHandler(FerrydCommand::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ferryd: " + oneLine(e));
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        DaemonConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(repository)) {
            err.println("ferryd: repository " + repository + (Files.exists(repository) ? " is not a folder" : " does not exist"));
            return 1;
        }
        Optional<String> logProblem = DaemonLogging.start(logFile);
        if (logProblem.isPresent()) {
            err.println("ferryd: " + logProblem.get());
            return 1;
        }
        UncaughtErrors.install();
        Ferryd daemon;
        try {
            daemon = Ferryd.start(config);
        } catch (Ferryd.PlainTextRefused e) {
            err.println("ferryd: " + e.getMessage());
            return 2;
        } catch (BindException e) {
            err.println("ferryd: cannot listen on " + host + ":" + port + ": " + oneLine(e)
                    + (e.getMessage() != null && e.getMessage().contains("in use") ? " (is another ferryd running?)" : ""));
            return 1;
        } catch (UnknownHostException e) {
            err.println("ferryd: unknown host " + host);
            return 1;
        } catch (NoSuchFileException | NotDirectoryException e) {
            err.println("ferryd: repository " + repository + " is not a readable folder");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(daemon), "ferryd-shutdown"));
        try {
            ListenAddress.record(config.stateDir(), Ferryd.hostPort(daemon.address()));
        } catch (IOException e) {
            err.println("ferryd: warning: cannot record the address in " + config.stateDir()
                    + " for 'ferryd invite' (" + oneLine(e) + "); invite with --address");
        }
        if (config.openBeyondLoopback()) {
            err.println("ferryd: " + Ferryd.openWarning(config));
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        // one line, which scripts/ferryd repeats: where, how and who, for a client to check
        out.printf("ferryd %s listening on %s (%s), serving %s (at most %d clients); log: %s%n", FerryVersion.get(),
                Ferryd.hostPort(daemon.address()), daemon.security(), repository.toAbsolutePath().normalize(),
                maxClients, logFile);
        if (config.auth() == AuthMode.KEYS) {
            long usable = daemon.context().keys().usable();
            out.printf("clients need an access key: %d usable in %s%s%n", usable, daemon.context().keys().file().path(),
                    usable == 0 ? "; 'ferryd invite' makes one" : "");
        }
        out.flush();
        DiskNames.localeWarning().ifPresent(warning -> {
            err.println("ferryd: warning: " + warning);
            err.flush();
        });
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The graceful stop, run by the shutdown hook that SIGTERM and SIGINT start: tells the clients,
     * ends the transfers, flushes the log. The JVM would then exit with 143 or 130, the status of a
     * process killed by the signal; a stop that went as asked is success, so ferryd exits 0 (1 if
     * the stop itself failed), as its help says.
     */
    private void stop(Ferryd daemon) {
        int status = 1;
        try {
            daemon.close();
            status = 0;
        } finally {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            stopped.countDown();
            Runtime.getRuntime().halt(status);
        }
    }

    private DaemonConfig config() {
        try {
            return DaemonConfig.builder()
                    .host(host)
                    .port(port)
                    .repository(repository)
                    .maxClients(maxClients)
                    .handshakeTimeout(Duration.ofSeconds(handshakeTimeout))
                    .idleTimeout(Duration.ofSeconds(idleTimeout))
                    .writeTimeout(Duration.ofSeconds(writeTimeout))
                    .maxTransfers(maxTransfers)
                    .chunkSize(chunkSize)
                    .stateDir(stateDir != null ? stateDir : StateDir.defaultFor(System.getenv()))
                    .auth(auth == null ? null : AuthMode.parse(auth))
                    .tls(!noTls)
                    .uploads(uploadSettings())
                    .maxRate(rate("--max-rate", maxRate))
                    .maxTotalRate(rate("--max-total-rate", maxTotalRate))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private DaemonConfig.Uploads uploadSettings() {
        long max = ByteSize.parse(maxUploadSize);
        return new DaemonConfig.Uploads(uploads, max == 0 ? Long.MAX_VALUE : max, ByteSize.parse(minFreeSpace),
                Durations.parse(uploadPartialTtl));
    }

    /** A rate option's bytes a second; 0 if it was not given. */
    private static long rate(String option, String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Rate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("ferryd: " + fromFile(e, args).orElseGet(() -> usageProblem(e)));
        cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the flags.");
        return 2;
    }

    /**
     * picocli's words for a usage error, except where they count arguments by index: a word that
     * names no command, or one too many, is said so.
     */
    private static String usageProblem(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String first = unmatched.getUnmatched().get(0);
            CommandLine cli = e.getCommandLine();
            return cli.getSubcommands().isEmpty()
                    ? "unexpected argument for " + cli.getCommandSpec().qualifiedName() + ": '" + first + "'"
                    : "unknown command: '" + first + "' (commands: " + String.join(", ", cli.getSubcommands().keySet()) + ")";
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * A value the settings file gave that picocli could not take, said as the file's mistake:
     * {@code FILE line N: 'port' = 'abc': 'abc' is not an int}.
     */
    private static Optional<String> fromFile(ParameterException e, String[] args) {
        if (!(e.getArgSpec() instanceof OptionSpec option) || !(e.getCommandLine().getCommand() instanceof FerrydCommand root)) {
            return Optional.empty();
        }
        if (List.of(args).stream().anyMatch(arg -> option.names().length > 0
                && List.of(option.names()).stream().anyMatch(name -> arg.equals(name) || arg.startsWith(name + "=")))) {
            return Optional.empty();
        }
        String problem = String.valueOf(e.getMessage()).replaceFirst("^Invalid value for option '[^']*': ", "");
        return root.settings.source(option).map(where -> where + ": '" + option.longestName().substring(2) + "' has a bad value: " + problem);
    }

    /** The settings in effect, one a line, each with where it came from. */
    private void printSettings(PrintWriter out) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        out.println("# settings file: " + (settings.file().isEmpty() ? "none" : settings.file()));
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp() || option.longestName().equals("--config")) {
                continue;
            }
            String source = given != null && given.hasMatchedOption(option) ? "command line"
                    : settings.source(option).orElse("default");
            Object value = option.getValue();
            out.printf("%-18s = %-32s # %s%n", option.longestName().substring(2), value == null ? "" : value, source);
        }
        out.flush();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** {@code ferryd config}: the settings in effect and where each comes from. */
    @Command(name = "config", description = {"Print the settings ferryd would run with, and where each comes from:",
            "the command line, the settings file (with its line), or the default.",
            "Flags go before the word config: ferryd --port 6000 config."})
    static final class ConfigCommand implements Callable<Integer> {
        @ParentCommand
        private FerrydCommand root;

        @Override
        public Integer call() {
            root.printSettings(root.spec.commandLine().getOut());
            return 0;
        }
    }

    /** Prints the version picocli shows for --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ferryd " + FerryVersion.get() + " (Ferry protocol " + dev.ferry.protocol.Wire.PROTOCOL_VERSION + ")"};
        }
    }
}
