package dev.ferry.client.shell;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A line a person typed, understood: one of the shell's commands, a download, or a message. The
 * shell and the terminal UI's command line both read lines this way, so they take the same input.
 */
public sealed interface Typed {

    /** {@code list} */
    record ListFiles() implements Typed {}

    /**
     * {@code get [--overwrite] NAME...}, or a line that is exactly a known file's name. With
     * {@code overwrite}, files already downloaded are replaced.
     */
    record Get(List<String> names, boolean overwrite) implements Typed {
        public Get {
            names = List.copyOf(names);
        }

        public Get(List<String> names) {
            this(names, false);
        }
    }

    /** {@code status} */
    record Status() implements Typed {}

    /** {@code who} */
    record Who() implements Typed {}

    /** {@code ping} */
    record Ping() implements Typed {}

    /** {@code uptime} */
    record Uptime() implements Typed {}

    /** {@code help} */
    record Help() implements Typed {}

    /** {@code about} */
    record About() implements Typed {}

    /** {@code exit} or {@code quit} */
    record Exit() implements Typed {}

    /** Anything else: a message to everyone. */
    record Say(String text) implements Typed {}

    /** A command used wrongly; {@code message} says how to use it. */
    record Invalid(String message) implements Typed {}

    /** Nothing but spaces. */
    record Blank() implements Typed {}

    /**
     * Reads one line. A command word (any case) alone is that command, and {@code get} takes
     * {@code --overwrite} and names after it; otherwise a line that is exactly a known file's name downloads it, and
     * anything else is a message. {@code knownFiles} also lets {@code get} take one name with
     * spaces unquoted.
     */
    static Typed parse(String line, Set<String> knownFiles) {
        String text = line.strip();
        if (text.isEmpty()) {
            return new Blank();
        }
        int space = text.indexOf(' ');
        String word = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        if (word.equals("get")) {
            return get(rest, knownFiles);
        }
        Typed command = rest.isEmpty() ? command(word) : null;
        if (command != null) {
            return command;
        }
        return knownFiles.contains(text) ? new Get(List.of(text)) : new Say(text);
    }

    /**
     * What to type to download {@code name} again, replacing the copy already there: for a
     * message that says a file is in the way.
     */
    static String overwriteHint(String name) {
        boolean quote = name.isEmpty() || name.chars().anyMatch(Character::isWhitespace) || name.startsWith("-");
        return "to replace it: get --overwrite " + (quote ? '"' + name + '"' : name);
    }

    /**
     * {@code get}'s options, then its names. {@code --overwrite} replaces files already there;
     * {@code --} ends the options, and so does a quote, for a name that starts with two dashes.
     */
    private static Typed get(String rest, Set<String> knownFiles) {
        boolean overwrite = false;
        while (!knownFiles.contains(rest)) {
            int space = rest.indexOf(' ');
            String option = space < 0 ? rest : rest.substring(0, space);
            if (!option.startsWith("--") || knownFiles.contains(option)) {
                break;
            }
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
            if (option.equals("--")) {
                break;
            }
            if (!option.equals("--overwrite")) {
                return new Invalid("get: unknown option " + option + "; get takes --overwrite (and -- before a name that starts with --)");
            }
            overwrite = true;
        }
        List<String> names = Names.parse(rest, knownFiles);
        return names.isEmpty()
                ? new Invalid("usage: get [--overwrite] NAME... (quote names with spaces, or type a file's name alone)")
                : new Get(names, overwrite);
    }

    private static Typed command(String word) {
        return switch (word) {
            case "list" -> new ListFiles();
            case "status" -> new Status();
            case "who" -> new Who();
            case "ping" -> new Ping();
            case "uptime" -> new Uptime();
            case "help" -> new Help();
            case "about" -> new About();
            case "exit", "quit" -> new Exit();
            default -> null;
        };
    }
}
