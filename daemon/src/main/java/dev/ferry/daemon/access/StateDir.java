package dev.ferry.daemon.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The daemon's state folder: its access keys (and its identity). Under systemd the folder it
 * names in {@code $STATE_DIRECTORY}; otherwise {@code $XDG_STATE_HOME/ferry}, by default
 * {@code ~/.local/state/ferry}. Made with mode 0700: only the daemon's user may look inside.
 */
public final class StateDir {
    private StateDir() {}

    /** The default folder for this environment. */
    public static Path defaultFor(Map<String, String> env) {
        String systemd = env.get("STATE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            return Path.of(systemd.split(":")[0]);
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("ferry");
    }

    /** Creates the folder, and its parents, if missing; a new folder gets mode 0700. */
    public static void create(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir.toAbsolutePath().getParent());
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
