package dev.ferry.client.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the manual pages and the shell completion of ferry and ferryd into a folder, at build
 * time, from the command models that parse their flags:
 * {@code man1/ferry.1}, {@code man1/ferryd.1}, {@code bash-completion/ferry}, {@code ferryd},
 * and {@code zsh/_ferry}, {@code _ferryd}. ferryd's model is found by name, so this runs with the
 * daemon's classes on the class path.
 *
 * <p>Usage: {@code Docs FOLDER VERSION}.
 */
public final class Docs {
    private Docs() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Docs FOLDER VERSION");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        String version = "Ferry " + args[1];
        write(folder, "ferry", ferry(), version);
        write(folder, "ferryd", ferryd(), version);
    }

    static CommandLine ferry() {
        return dev.ferry.client.cli.Manual.commandLine();
    }

    static CommandLine ferryd() throws ReflectiveOperationException {
        return (CommandLine) Class.forName("dev.ferry.daemon.FerrydCommand").getMethod("commandLine").invoke(null);
    }

    static void write(Path folder, String name, CommandLine command, String version) throws IOException {
        save(folder.resolve("man1").resolve(name + ".1"), ManPage.of(command, version));
        String bash = AutoComplete.bash(name, command);
        save(folder.resolve("bash-completion").resolve(name), bash);
        save(folder.resolve("zsh").resolve("_" + name), zsh(name, bash));
    }

    /**
     * The bash completion as a zsh completion function: zsh's bashcompinit runs bash completion
     * functions, and compinit loads this file, named {@code _NAME} on the fpath, on first use.
     */
    static String zsh(String name, String bash) {
        String function = "_picocli_" + name;
        return "#compdef " + name + "\n"
                + "# " + name + "'s completion, written for bash from the same model as the flags; zsh runs it through bashcompinit.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + "autoload -U +X compinit\n"
                + "# bash's compopt (file-name completion options) has no zsh counterpart here: a no-op\n"
                + "whence -w compopt >/dev/null || compopt() { : }\n"
                + bash.replaceAll("(?m)^#!.*\n", "")
                + "\n_bash_complete -F " + function + "\n";
    }

    private static void save(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
