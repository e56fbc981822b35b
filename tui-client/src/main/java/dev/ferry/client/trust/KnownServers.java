package dev.ferry.client.trust;

import dev.ferry.client.config.XdgPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The servers this user trusts, by fingerprint, as SSH's known_hosts: one line per server,
 * {@code HOST:PORT SHA256:…}, in {@code $XDG_CONFIG_HOME/ferry/known_servers}. Lines starting with
 * {@code #} and blank lines are ignored. The file is only ever appended to; a line is removed by
 * hand, which is what a changed fingerprint asks for.
 */
public final class KnownServers {
    public static final String FILE_NAME = "known_servers";

    private final Path file;

    public KnownServers(Path file) {
        this.file = file;
    }

    /** The file of the user whose environment is {@code env}. */
    public static KnownServers forUser(java.util.Map<String, String> env) {
        return new KnownServers(XdgPaths.configHome(env).resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    /** A pin: the fingerprint and the line (from 1) it is on. */
    public record Pin(String fingerprint, int line) {}

    /** The pin for {@code server} ({@code host:port}), if there is one. */
    public Optional<Pin> find(String server) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String wanted = normalize(server);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length >= 2 && normalize(fields[0]).equals(wanted)) {
                return Optional.of(new Pin(fields[1], i + 1));
            }
        }
        return Optional.empty();
    }

    /** Adds a pin; the folder is made with mode 0700 and the file with 0600 if they are new. */
    public void add(String server, String fingerprint) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, normalize(server) + " " + fingerprint + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    /** Host names are case-blind; the port stays as given. */
    private static String normalize(String server) {
        return server.toLowerCase(Locale.ROOT);
    }
}
