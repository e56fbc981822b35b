package dev.ferry.daemon.settings;

import dev.ferry.settings.SettingsException;
import dev.ferry.settings.SettingsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * ferryd's settings file as picocli's defaults: a flag's value comes from the command line, else
 * from the file, else from the flag's own default. Which file: {@code --config FILE} when given
 * (it must exist), else {@code $XDG_CONFIG_HOME/ferry/ferryd.conf} (default
 * {@code ~/.config/ferry/ferryd.conf}) when it exists, else {@code /etc/ferry/ferryd.conf} when
 * that does, else none.
 */
public final class FileDefaults implements IDefaultValueProvider {
    /** Flags that make no sense in a file. */
    private static final Set<String> NOT_SETTINGS = Set.of("config", "help", "version");

    private final SettingsFile file;

    private FileDefaults(SettingsFile file) {
        this.file = file;
    }

    public static FileDefaults none() {
        return new FileDefaults(SettingsFile.none());
    }

    /**
     * Loads the file ARGS name with {@code --config}, or the default one, and checks every key
     * against the long flags of COMMAND.
     *
     * @throws SettingsException a missing --config file, an unreadable file, a bad line or key
     */
    public static FileDefaults load(CommandSpec command, Map<String, String> env, Path systemFile, String... args)
            throws SettingsException {
        Optional<Path> path = named(args);
        if (path.isEmpty()) {
            path = Optional.of(userFile(env)).filter(Files::isRegularFile)
                    .or(() -> Optional.of(systemFile).filter(Files::isRegularFile));
        }
        if (path.isEmpty()) {
            return none();
        }
        try {
            SettingsFile file = SettingsFile.parse(path.get().toString(),
                    Files.readAllLines(path.get(), StandardCharsets.UTF_8));
            return new FileDefaults(file.requireKnown(keys(command)));
        } catch (NoSuchFileException e) {
            throw new SettingsException("settings file " + path.get() + " does not exist");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SettingsException("cannot read settings file " + path.get() + ": " + e.getMessage());
        }
    }

    /** {@code $XDG_CONFIG_HOME/ferry/ferryd.conf}, the user's own settings. */
    public static Path userFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path home = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return home.resolve("ferry").resolve("ferryd.conf");
    }

    /** The file {@code --config FILE} or {@code --config=FILE} names, if any. */
    static Optional<Path> named(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(Path.of(args[i + 1]));
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(Path.of(args[i].substring("--config=".length())));
            }
        }
        return Optional.empty();
    }

    /** The keys a file may set: every long flag of the command but those of {@link #NOT_SETTINGS}. */
    public static Set<String> keys(CommandSpec command) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            String key = key(option);
            if (!NOT_SETTINGS.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.command().parent() != null) {
            return null;
        }
        return file.get(key(option)).map(SettingsFile.Entry::value).orElse(null);
    }

    /** Where an option's value comes from when the command line does not give it. */
    public Optional<String> source(OptionSpec option) {
        return file.get(key(option)).map(file::where);
    }

    /** The file read, or empty. */
    public String file() {
        return file.source();
    }
}
