package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.access.KeySource;
import dev.ferry.client.access.ServersFile;
import dev.ferry.client.config.ClientSettings;
import dev.ferry.client.config.XdgPaths;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.shell.Shell;
import dev.ferry.client.term.Dimensions;
import dev.ferry.client.trust.KnownServers;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.client.tui.FerryTui;
import dev.ferry.client.tui.TrustDialog;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Text;
import dev.ferry.protocol.Wire;
import dev.ferry.settings.Rate;
import dev.ferry.settings.SettingsException;
import dev.ferry.transport.Fingerprint;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ferry}: the command line. Subcommands run one request and exit; {@code shell} is the
 * interactive line client and {@code tui} the full-screen one ({@code ferry} alone opens the UI on a
 * terminal, the shell otherwise). Exit status: 0 success, 1 a command failed,
 * 2 usage, 3 server full or busy, 4 cannot connect, 5 not trusted or not allowed (an unknown or changed
 * fingerprint, a refused access key).
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCommand.Version.class,
        usageHelpAutoWidth = true, scope = ScopeType.INHERIT,
        description = "Ferry's client: fetch files from ferryd and send files to it, see who is connected, talk to them.%n",
        footer = {"%nWith no command, ferry opens the terminal UI on a terminal, the shell otherwise.",
                "Settings: $XDG_CONFIG_HOME/ferry/config (default ~/.config/ferry/config), one 'name = value'",
                "a line: host, port, output (the download folder), limit-rate. Flags win. 'ferry config' shows them.",
                "Exit status: 0 success, 1 a command failed, 2 usage, 3 server full or busy, 4 cannot connect,",
                "5 not trusted or not allowed (an unknown or changed fingerprint, a refused access key)."})
public final class FerryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "HOST",
            description = "Server to connect to (default: the settings file's, else the server 'ferry join' joined last, else 127.0.0.1).")
    String host;

    @Option(names = "--port", scope = ScopeType.INHERIT, paramLabel = "PORT",
            description = "Server port (default: the settings file's, else the joined server's, else 50000).")
    Integer port;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File whose first line is the access key to present (default: $FERRY_KEY, else the key 'ferry join' stored for the server).")
    Path keyFile;

    @Option(names = "--limit-rate", defaultValue = "0", scope = ScopeType.INHERIT, paramLabel = "RATE",
            converter = RateConverter.class,
            description = "Most file data a second each way, for get and put, as 500K, 10M, 1.5M or 1048576 bytes; 0 for no limit (default: ${DEFAULT-VALUE}).")
    long limitRate;

    @Option(names = "--fingerprint", scope = ScopeType.INHERIT, paramLabel = "SHA256:...",
            description = "The server must show this fingerprint (as 'ferryd fingerprint' prints it); known_servers is then neither read nor written.")
    String fingerprint;

    @Option(names = "--accept-new", scope = ScopeType.INHERIT,
            description = "Trust and pin a server not yet known without asking; a changed fingerprint is still refused.")
    boolean acceptNew;

    @Option(names = "--no-tls", scope = ScopeType.INHERIT,
            description = "Plain text, for a ferryd started with --no-tls on loopback.")
    boolean noTls;

    private final Streams streams;
    private ClientSettings settings = ClientSettings.none();
    private Map<String, String> env = System.getenv();
    /** The server and key the options come to, worked out once. */
    private ClientOptions server;
    /** The full-screen UI is drawing: no prompt may write to the terminal under it. */
    private volatile boolean screenOpen;
    /** The full-screen UI is about to open: first contact is asked in a dialog, not on a line. */
    private volatile boolean screenStarting;

    FerryCommand(Streams streams) {
        this.streams = streams;
    }

    /** The download folder when no -o is given: the settings file's, else downloads/. */
    Path defaultFolder() {
        return Path.of(settings.value("output").orElse("downloads"));
    }

    /** Every subcommand, in the order help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("list", InfoCommands.ListCommand::new);
        SUBCOMMANDS.put("get", GetCommand::new);
        SUBCOMMANDS.put("put", PutCommand::new);
        SUBCOMMANDS.put("status", InfoCommands.StatusCommand::new);
        SUBCOMMANDS.put("who", InfoCommands.WhoCommand::new);
        SUBCOMMANDS.put("ping", PingCommand::new);
        SUBCOMMANDS.put("uptime", InfoCommands.UptimeCommand::new);
        SUBCOMMANDS.put("help", InfoCommands.HelpCommand::new);
        SUBCOMMANDS.put("about", InfoCommands.AboutCommand::new);
        SUBCOMMANDS.put("send", InfoCommands.SendCommand::new);
        SUBCOMMANDS.put("shell", ShellCommand::new);
        SUBCOMMANDS.put("tui", TuiCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("config", ConfigCommand::new);
        SUBCOMMANDS.put("join", JoinCommand::new);
    }

    /** The commands whose -o/--output the settings file's {@code output} sets. */
    private static final Set<String> DOWNLOADING = Set.of("get", "shell", "tui");

    public static void main(String[] args) {
        Warmup.start(args);
        quickPicocli();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        System.exit(execute(Streams.system(), out, err, System.getenv(), args));
    }

    /**
     * Runs ferry with the settings file ENV points at. A bad file is one line and exit status 2,
     * except for --help and --version, which work whatever it says.
     */
    public static int execute(Streams streams, PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        ClientSettings settings = ClientSettings.none();
        try {
            settings = ClientSettings.load(env);
        } catch (SettingsException e) {
            List<String> given = List.of(args);
            if (!given.contains("--help") && !given.contains("-h") && !given.contains("--version") && !given.contains("-V")) {
                err.println("ferry: " + Text.printable(e.getMessage()));
                return ExitCodes.USAGE;
            }
        }
        CommandLine cli = commandLine(streams, out, err, settings, args);
        ((FerryCommand) cli.getCommand()).env = env;
        return cli.execute(args);
    }

    /**
     * Picocli looks for Groovy closures and registers converters for java.time and java.sql types
     * by reflection on every start; ferry's options use none of them, and skipping them takes a
     * tenth off the command line's set-up.
     */
    private static void quickPicocli() {
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", "java\\.time\\..*|java\\.sql\\..*");
    }

    /**
     * The command line for these arguments, writing to the given streams, with usage errors
     * reduced to two lines. Picocli builds a model of every command it is given, by reflection,
     * on every start; so only the subcommand the arguments name is added (all of them when none
     * is named, for help and for error messages that list them).
     */
    public static CommandLine commandLine(Streams streams, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(streams, out, err, ClientSettings.none(), args);
    }

    /** The command line, with SETTINGS giving the defaults that flags do not. */
    static CommandLine commandLine(Streams streams, PrintWriter out, PrintWriter err, ClientSettings settings, String... args) {
        FerryCommand root = new FerryCommand(streams);
        root.settings = settings;
        CommandLine cli = new CommandLine(root);
        String named = subcommandNamed(args);
        if (named != null) {
            cli.addSubcommand(named, SUBCOMMANDS.get(named).get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        clearInheritedFooters(cli);
        if (settings.read()) {
            cli.setDefaultValueProvider(arg -> fileDefault(settings, arg));
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(FerryCommand::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ferry: " + Formats.failure(e));
            return ExitCodes.FAILED;
        });
        return cli;
    }

    /** What the settings file gives an option, or null to leave it at its own default. */
    private static String fileDefault(ClientSettings settings, ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = option.longestName().replaceFirst("^-+", "");
        if (key.equals("output") && !DOWNLOADING.contains(option.command().name())) {
            return null;
        }
        return ClientSettings.KEYS.contains(key) ? settings.value(key).orElse(null) : null;
    }

    /** The subcommand the arguments name after the root's own options, or null. */
    static String subcommandNamed(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--host") || arg.equals("--port") || arg.equals("--limit-rate") || arg.equals("--key-file")
                    || arg.equals("--fingerprint")) {
                i++; // its value
            } else if (!arg.startsWith("-")) {
                return SUBCOMMANDS.containsKey(arg) ? arg : null;
            }
        }
        return null;
    }

    /** The root's footer speaks of ferry as a whole; subcommands inherit options, not that text. */
    private static void clearInheritedFooters(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage().footer(new String[0]);
            clearInheritedFooters(sub);
        }
    }

    @Override
    public Integer call() {
        Path downloads = defaultFolder();
        return canDrawScreen() ? tui(downloads) : shell(downloads);
    }

    /** Whether stdin and stdout are a terminal, where the full-screen UI can run. */
    private boolean canDrawScreen() {
        return streams.stdinIsTerminal() && streams.stdoutIsTerminal();
    }

    /**
     * Connects and runs the full-screen UI. Server full or unreachable is one line on stderr
     * before the screen opens, with the same exit status as every other command.
     */
    int tui(Path downloads) {
        PrintWriter err = spec.commandLine().getErr();
        if (!canDrawScreen()) {
            err.println("ferry: the terminal UI needs a terminal on stdin and stdout; 'ferry shell' works without one");
            return ExitCodes.FAILED;
        }
        FerryTui tui = new FerryTui(new FerryTui.Connector() {
            @Override
            public FerryClient connect(ClientListener listener) throws FerryException {
                return FerryCommand.this.connect(listener);
            }

            @Override
            public String address() {
                return FerryCommand.this.address();
            }
        }, downloads, System.getenv());
        FerryClient client;
        screenStarting = true;
        try {
            client = connect(tui.listener());
        } catch (FerryException e) {
            err.println("ferry: " + Formats.failure(e));
            return ExitCodes.of(e);
        }
        // the server is pinned or its fingerprint given by now; a reconnect under the screen asks nothing
        screenOpen = true;
        return tui.run(client, err) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Connects and runs the line shell. */
    int shell(Path downloads) {
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in = new BufferedReader(new InputStreamReader(streams.in(), StandardCharsets.UTF_8));
        boolean terminal = streams.stdinIsTerminal() && streams.stdoutIsTerminal();
        Shell shell = terminal && streams.isSystem() ? Shell.atTerminal(in, out, downloads, streams.terminalSize())
                : new Shell(in, out, terminal, downloads, streams.terminalSize());
        FerryClient client;
        try {
            client = connect(shell);
        } catch (FerryException e) {
            spec.commandLine().getErr().println("ferry: " + Formats.failure(e));
            return ExitCodes.of(e);
        }
        try {
            return shell.run(client);
        } finally {
            client.close();
        }
    }

    /** Connects to the server the options name. */
    FerryClient connect(ClientListener listener) throws FerryException {
        ClientOptions options = server().withTrust(trust()); // a reconnect under the screen asks nothing
        Warmup.awaitLogging();
        return FerryClient.connect(options, listener);
    }

    /**
     * The server to connect to and the key to present. {@code --host} and {@code --port} (or the
     * settings file's) win; without either, the server {@code ferry join} made the default; else
     * 127.0.0.1:50000. The key comes from {@link KeySource}: never from the command line.
     */
    ClientOptions server() throws FerryException {
        if (server != null) {
            return server;
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port must be 1..65535, not " + port);
        }
        ServersFile servers = servers();
        ClientOptions options = ClientOptions.defaults().withRateLimit(limitRate);
        if (host == null && port == null) {
            try {
                Optional<ServersFile.Server> joined = servers.read().defaultServer();
                if (joined.isPresent()) {
                    options = options.withAddress(joined.get().host(), joined.get().port());
                }
            } catch (IOException e) {
                throw new FerryException(FerryException.Kind.LOCAL, "cannot read joined servers: " + e.getMessage());
            }
        } else {
            options = options.withAddress(host != null ? host : options.host(), port != null ? port : options.port());
        }
        String key = KeySource.find(env, keyFile, servers, options.host(), options.port()).orElse("");
        server = options.withKey(key).withTls(!noTls).withTrust(trust());
        return server;
    }

    /**
     * The fingerprint given, for this connection alone (scripts that hold it, the demo). Else a
     * known server must show its pin, and an unknown one is pinned with --accept-new or the user's
     * word at the terminal (a dialog when the full-screen UI is about to open, a line prompt
     * otherwise); with neither it is refused.
     */
    private ServerTrust trust() {
        if (fingerprint != null) {
            if (!Fingerprint.isWellFormed(fingerprint)) {
                throw new ParameterException(spec.commandLine(), "--fingerprint must be SHA256: and 43 Base64 characters,"
                        + " as 'ferryd fingerprint' prints it, not '" + Text.printable(fingerprint) + "'");
            }
            return ServerTrust.exactly(fingerprint);
        }
        KnownServers known = KnownServers.forUser(env);
        if (acceptNew) {
            return ServerTrust.acceptNew(known);
        }
        if (screenStarting && !screenOpen && canDrawScreen() && streams.isSystem()) {
            return ServerTrust.ask(known, new TrustDialog(known, env));
        }
        if (streams.stdinIsTerminal() && streams.stderrIsTerminal() && !screenOpen) {
            return ServerTrust.ask(known, new TrustPrompt(streams.in(), spec.commandLine().getErr(), known));
        }
        return ServerTrust.refuseUnknown(known);
    }

    /** Where the joined default server comes from, as {@code ferry config} says it; null if there is none. */
    String joinedDefault() {
        try {
            return servers().read().defaultServer().isPresent() ? "joined (" + servers().path() + ")" : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The joined servers' file in this user's config folder. */
    ServersFile servers() {
        return new ServersFile(XdgPaths.configHome(env));
    }

    Map<String, String> env() {
        return env;
    }

    boolean stdinIsTerminal() {
        return streams.stdinIsTerminal();
    }

    java.io.InputStream stdin() {
        return streams.in();
    }

    /** The server as {@code host:port}. */
    String address() {
        try {
            return server().host() + ":" + server().port();
        } catch (FerryException e) {
            return (host != null ? host : "127.0.0.1") + ":" + (port != null ? port : Wire.DEFAULT_PORT);
        }
    }

    boolean stderrIsTerminal() {
        return streams.stderrIsTerminal();
    }

    /** The size of the terminal, for lines that must fit it. */
    java.util.function.Supplier<Dimensions> terminalSize() {
        return streams.terminalSize();
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("ferry: " + Text.printable(fromFile(e, args).orElseGet(() -> usageProblem(e, args))));
        cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCodes.USAGE;
    }

    /**
     * A value the settings file gave that picocli could not take, said as the file's mistake:
     * {@code FILE line N: 'port' has a bad value: 'abc' is not an int}.
     */
    private static Optional<String> fromFile(ParameterException e, String[] args) {
        if (!(e.getArgSpec() instanceof OptionSpec option)
                || !(e.getCommandLine().getCommandSpec().root().userObject() instanceof FerryCommand root)) {
            return Optional.empty();
        }
        boolean given = List.of(args).stream().anyMatch(arg -> List.of(option.names()).stream()
                .anyMatch(name -> arg.equals(name) || arg.startsWith(name + "=")));
        if (given) {
            return Optional.empty();
        }
        String key = option.longestName().replaceFirst("^-+", "");
        String problem = String.valueOf(e.getMessage()).replaceFirst("^Invalid value for option '[^']*': ", "")
                .replaceFirst("^Invalid value for option '[^']*' \\([^)]*\\): ", "");
        return root.settings.source(key).map(where -> where + ": '" + key + "' has a bad value: " + problem);
    }

    /**
     * A usage error in Ferry's words, one line: a word that names no command, an option a command
     * does not know, an argument it takes none of (also one after {@code --}), or what is missing.
     * Other errors (a value of the wrong type) keep picocli's words, which name the option.
     */
    private static String usageProblem(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            List<String> words = List.of(args);
            int dashes = words.indexOf("--");
            boolean afterDashes = dashes >= 0 && words.subList(dashes + 1, words.size()).contains(first);
            if (first.startsWith("-") && !afterDashes) {
                return "unknown option for " + command + ": '" + first + "'";
            }
            return cli.getSubcommands().isEmpty() || afterDashes
                    ? "unexpected argument for " + command + ": '" + first + "'"
                    : "unknown command: '" + first + "' (commands: " + String.join(", ", cli.getSubcommands().keySet()) + ")";
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            CommandLine.Model.ArgSpec what = missing.getMissing().get(0);
            String label = what instanceof OptionSpec option ? option.longestName() : what.paramLabel();
            return command + " needs " + label;
        }
        String message = String.valueOf(e.getMessage());
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    @Command(name = "shell", description = {"The line client: every command at a prompt, anything else is a message.",
            "Reads commands from stdin when it is not a terminal, printing each reply as it arrives."})
    static final class ShellCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        FerryCommand root;

        @Option(names = {"-o", "--output"}, defaultValue = "downloads", paramLabel = "DIR",
                description = "Folder to download into (default: ${DEFAULT-VALUE}; the settings file's output when it has one).")
        Path folder;

        @Override
        public Integer call() {
            return root.shell(folder);
        }
    }

    @Command(name = "tui", mixinStandardHelpOptions = true, versionProvider = FerryCommand.Version.class, description = {"The full-screen terminal UI: files, connections, messages and downloads at a glance.",
            "Needs a terminal; 'ferry' alone opens it when there is one. Keys: F1 inside."})
    static final class TuiCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        FerryCommand root;

        @Option(names = {"-o", "--output"}, defaultValue = "downloads", paramLabel = "DIR",
                description = "Folder to download into (default: ${DEFAULT-VALUE}; the settings file's output when it has one).")
        Path folder;

        @Override
        public Integer call() {
            return root.tui(folder);
        }
    }

    /** {@code --limit-rate}: a rate as curl writes it. */
    static final class RateConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (value.strip().equals("0")) {
                return 0L;
            }
            try {
                return Rate.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code ferry config}: the settings in effect and where each comes from. */
    @Command(name = "config", description = {"Print the settings in effect and where each comes from:",
            "the command line, the settings file (with its line), or the default."})
    static final class ConfigCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        FerryCommand root;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ClientSettings settings = root.settings;
            out.println("# settings file: " + settings.path().map(path -> path + (settings.read() ? "" : " (none there)")).orElse("none"));
            String joined = root.host == null && root.port == null ? root.joinedDefault() : null;
            ClientOptions server;
            try {
                server = root.server();
            } catch (FerryException e) {
                spec.commandLine().getErr().println("ferry: " + Formats.failure(e));
                return ExitCodes.of(e);
            }
            show(out, "host", server.host(), joined);
            show(out, "port", server.port(), joined);
            show(out, "output", root.defaultFolder());
            show(out, "limit-rate", root.limitRate == 0 ? "0" : root.limitRate + " (bytes a second)");
            out.flush();
            return ExitCodes.OK;
        }

        private void show(PrintWriter out, String key, Object value) {
            show(out, key, value, null);
        }

        /** One setting; {@code joined} names where a value came from 'ferry join', or is null. */
        private void show(PrintWriter out, String key, Object value, String joined) {
            String source = given(key) ? "command line" : root.settings.source(key)
                    .orElse(joined != null ? joined : "default");
            out.printf("%-10s = %-32s # %s%n", key, value, source);
        }

        private boolean given(String key) {
            String flag = "--" + key;
            for (CommandLine.ParseResult result = spec.commandLine().getParseResult(); result != null; ) {
                if (result.hasMatchedOption(flag)) {
                    return true;
                }
                result = result.commandSpec().parent() == null ? null
                        : result.commandSpec().parent().commandLine().getParseResult();
            }
            return false;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ferry " + FerryVersion.get() + " (Ferry protocol " + Wire.PROTOCOL_VERSION + ")"};
        }
    }
}
