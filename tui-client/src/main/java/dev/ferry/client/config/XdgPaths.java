package dev.ferry.client.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client keeps its files, as the XDG base directory specification has it: settings and
 * joined servers under {@code $XDG_CONFIG_HOME/ferry} (by default {@code ~/.config/ferry}), state
 * such as history under {@code $XDG_STATE_HOME/ferry} (by default {@code ~/.local/state/ferry}).
 * The environment is read at each call, so tests can point it elsewhere; a variable that is unset,
 * empty or not an absolute path counts as unset, as the specification says.
 */
public final class XdgPaths {
    private XdgPaths() {}

    /** {@code $XDG_CONFIG_HOME/ferry}, from the process's environment. */
    public static Path configHome() {
        return configHome(System.getenv());
    }

    /** {@code $XDG_CONFIG_HOME/ferry}, from {@code env}. */
    public static Path configHome(Map<String, String> env) {
        return base(env, "XDG_CONFIG_HOME", ".config").resolve("ferry");
    }

    /** {@code $XDG_STATE_HOME/ferry}, from the process's environment. */
    public static Path stateHome() {
        return stateHome(System.getenv());
    }

    /** {@code $XDG_STATE_HOME/ferry}, from {@code env}. */
    public static Path stateHome(Map<String, String> env) {
        return base(env, "XDG_STATE_HOME", ".local/state").resolve("ferry");
    }

    private static Path base(Map<String, String> env, String variable, String fallback) {
        String value = env.get(variable);
        if (value != null && !value.isEmpty() && Path.of(value).isAbsolute()) {
            return Path.of(value);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home).resolve(fallback);
    }
}
