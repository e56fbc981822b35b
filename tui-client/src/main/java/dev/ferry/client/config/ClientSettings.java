package dev.ferry.client.config;

import dev.ferry.settings.SettingsException;
import dev.ferry.settings.SettingsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ferry's settings file, {@code $XDG_CONFIG_HOME/ferry/config}: the server to use when no
 * {@code --host}/{@code --port} is given, the folder downloads go to, and a download rate limit,
 * one {@code name = value} a line ({@code host}, {@code port}, {@code output}, {@code limit-rate}).
 * Flags win over the file; the file wins over the built-in defaults.
 */
public final class ClientSettings {
    /** The keys the file may set, named as the flags they stand for. */
    public static final Set<String> KEYS = Set.of("host", "port", "output", "limit-rate");

    private final Path path;
    private final SettingsFile file;

    private ClientSettings(Path path, SettingsFile file) {
        this.path = path;
        this.file = file;
    }

    /** No file: built-in defaults only. */
    public static ClientSettings none() {
        return new ClientSettings(null, SettingsFile.none());
    }

    /**
     * Reads the file, if there is one.
     *
     * @throws SettingsException an unreadable file, a bad line or an unknown key, in one line
     */
    public static ClientSettings load(Map<String, String> env) throws SettingsException {
        Path path = XdgPaths.configHome(env).resolve("config");
        if (!Files.exists(path)) {
            return new ClientSettings(path, SettingsFile.none());
        }
        try {
            SettingsFile file = SettingsFile.parse(path.toString(), Files.readAllLines(path, StandardCharsets.UTF_8));
            return new ClientSettings(path, file.requireKnown(KEYS));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SettingsException("cannot read settings file " + path + ": " + e.getMessage());
        }
    }

    /** The value the file gives KEY. */
    public Optional<String> value(String key) {
        return file.get(key).map(SettingsFile.Entry::value);
    }

    /** Where KEY's value comes from in the file, as {@code FILE line N}. */
    public Optional<String> source(String key) {
        return file.get(key).map(file::where);
    }

    /** The file looked for, whether or not it exists; empty for {@link #none()}. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Whether the file was there and read. */
    public boolean read() {
        return !file.source().isEmpty();
    }
}
