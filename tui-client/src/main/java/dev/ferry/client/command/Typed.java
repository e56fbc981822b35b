package dev.ferry.client.command;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A line a person typed, understood: one of the commands, a download, or a message. The shell and
 * the terminal UI's command line both read lines this way, so they take the same input, and both
 * run what they read through {@link CommandRunner}. Each kind of command names its case in
 * {@link Visitor}, so a new command that some front end does not handle does not compile.
 */
public sealed interface Typed {

    /** Hands this command to the case of {@code visitor} that is named for it. */
    <R> R accept(Visitor<R> visitor);

    /** One case per kind of command. */
    interface Visitor<R> {
        R list(ListFiles list);

        R get(Get get);

        R put(Put put);

        R status(Status status);

        R who(Who who);

        R ping(Ping ping);

        R uptime(Uptime uptime);

        R help(Help help);

        R about(About about);

        R exit(Exit exit);

        R say(Say say);

        R msg(Msg msg);

        R invalid(Invalid invalid);

        R blank(Blank blank);
    }

    /** {@code list [-b|--bytes]}: with {@code bytes}, exact sizes. */
    record ListFiles(boolean bytes) implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.list(this);
        }

        public ListFiles() {
            this(false);
        }
    }

    /**
     * {@code get [--overwrite] NAME...}, or a line that is exactly a known file's name. With
     * {@code overwrite}, files already downloaded are replaced.
     */
    record Get(List<String> names, boolean overwrite) implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.get(this);
        }

        public Get {
            names = List.copyOf(names);
        }

        public Get(List<String> names) {
            this(names, false);
        }
    }

    /**
     * {@code put [--overwrite] [--to FOLDER] [--as NAME] PATH...}: uploads local files and folders,
     * {@code to} the folder on the server ({@code ""} for the top), one file {@code as} another name
     * (null for its own).
     */
    record Put(List<String> paths, boolean overwrite, String to, String as) implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.put(this);
        }

        public Put {
            paths = List.copyOf(paths);
        }
    }

    /** {@code status} */
    record Status() implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.status(this);
        }
    }

    /** {@code who} */
    record Who() implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.who(this);
        }
    }

    /** {@code ping [-c COUNT]}: COUNT round trips, one after another. */
    record Ping(int count) implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.ping(this);
        }

        public Ping() {
            this(1);
        }
    }

    /** {@code uptime} */
    record Uptime() implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.uptime(this);
        }
    }

    /** {@code help} */
    record Help() implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.help(this);
        }
    }

    /** {@code about} */
    record About() implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.about(this);
        }
    }

    /** {@code exit} or {@code quit} */
    record Exit() implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.exit(this);
        }
    }

    /** {@code say TEXT}, or any line that is not a command: a message to everyone. */
    record Say(String text) implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.say(this);
        }
    }

    /** {@code msg NAME TEXT}: a message to one client only. */
    record Msg(String to, String text) implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.msg(this);
        }
    }

    /** A command used wrongly; {@code message} says how to use it. */
    record Invalid(String message) implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.invalid(this);
        }
    }

    /** Nothing but spaces. */
    record Blank() implements Typed {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.blank(this);
        }
    }

    /** The command words, in the order help lists them. */
    List<String> COMMANDS = List.of("list", "get", "put", "status", "who", "ping", "uptime", "help", "about", "say", "msg",
            "exit", "quit");

    /** The largest {@code ping -c}. */
    int MAX_PINGS = 100;

    /**
     * Reads one line. A line that starts with a command word (in any case) is that command: its
     * options and arguments are checked, and a command used wrongly is {@link Invalid} with its
     * usage (never sent as a message). A line that is exactly a known file's name downloads it;
     * anything else is a message to everyone, and {@code say} sends one that starts with a
     * command word. {@code knownFiles} also lets {@code get} take one name with spaces unquoted.
     */
    static Typed parse(String line, Set<String> knownFiles) {
        String text = line.strip();
        if (text.isEmpty()) {
            return new Blank();
        }
        int space = indexOfSpace(text);
        String word = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        if (!COMMANDS.contains(word)) {
            return knownFiles.contains(text) ? new Get(List.of(text)) : new Say(text);
        }
        return switch (word) {
            case "get" -> get(rest, knownFiles);
            case "put" -> put(rest);
            case "list" -> list(rest);
            case "ping" -> ping(rest);
            case "say" -> rest.isEmpty() ? new Invalid("usage: say TEXT (a message to everyone)") : new Say(rest);
            case "msg" -> msg(rest);
            default -> alone(word, rest, text);
        };
    }

    private static int indexOfSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A command that takes nothing after its word. */
    private static Typed alone(String word, String rest, String line) {
        if (!rest.isEmpty()) {
            return new Invalid(word + " takes no arguments; to send this as a message: say " + line);
        }
        return switch (word) {
            case "status" -> new Status();
            case "who" -> new Who();
            case "uptime" -> new Uptime();
            case "help" -> new Help();
            case "about" -> new About();
            case "exit", "quit" -> new Exit();
            default -> throw new IllegalArgumentException("not a command that stands alone: " + word);
        };
    }

    private static Typed list(String rest) {
        String usage = "; usage: list [-b|--bytes]";
        boolean bytes = false;
        boolean options = true;
        for (String word : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
            if (options && word.equals("--")) {
                options = false;
            } else if (options && (word.equals("-b") || word.equals("--bytes"))) {
                bytes = true;
            } else {
                return new Invalid("list: " + wrongWord(word, options) + usage);
            }
        }
        return new ListFiles(bytes);
    }

    /** How a word a command does not take is said: an option it does not know, or an argument it takes none of. */
    private static String wrongWord(String word, boolean options) {
        return (options && word.startsWith("-") ? "unknown option " : "unexpected argument ") + word;
    }

    private static Typed ping(String rest) {
        String usage = "; usage: ping [-c COUNT] (COUNT from 1 to " + MAX_PINGS + ")";
        String count = null;
        boolean options = true;
        String[] words = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (options && word.equals("--")) {
                options = false;
            } else if (options && count == null && word.equals("-c")) {
                if (i + 1 == words.length) {
                    return new Invalid("ping: -c needs a COUNT" + usage);
                }
                count = words[++i];
            } else if (options && count == null && word.startsWith("-c") && word.length() > 2) {
                count = word.substring(2);
            } else {
                return new Invalid("ping: " + wrongWord(word, options) + usage);
            }
        }
        if (count == null) {
            return new Ping(1);
        }
        try {
            int pings = Integer.parseInt(count);
            return pings >= 1 && pings <= MAX_PINGS ? new Ping(pings) : new Invalid("ping: COUNT must be from 1 to "
                    + MAX_PINGS + ", not " + pings + usage);
        } catch (NumberFormatException e) {
            return new Invalid("ping: COUNT must be a number, not " + count + usage);
        }
    }

    private static Typed msg(String rest) {
        int space = indexOfSpace(rest);
        if (space < 0) {
            return new Invalid("usage: msg NAME TEXT (a message to one client; 'who' lists them)");
        }
        return new Msg(rest.substring(0, space), rest.substring(space + 1).strip());
    }

    /** {@code put}'s options and paths; quotes hold spaces, and {@code --} ends the options. */
    private static Typed put(String rest) {
        String usage = "usage: put [--overwrite] [--to FOLDER] [--as NAME] PATH... (quote paths with spaces)";
        List<String> words = Names.parse(rest, Set.of());
        boolean overwrite = false;
        String to = "";
        String as = null;
        int i = 0;
        for (; i < words.size() && words.get(i).startsWith("-"); i++) {
            String option = words.get(i);
            if (option.equals("--")) {
                i++;
                break;
            }
            if (option.equals("--overwrite")) {
                overwrite = true;
            } else if ((option.equals("--to") || option.equals("--as")) && i + 1 < words.size()) {
                String value = words.get(++i);
                if (option.equals("--to")) {
                    to = value;
                } else {
                    as = value;
                }
            } else {
                return new Invalid("put: " + (option.equals("--to") || option.equals("--as") ? option + " needs a value"
                        : "unknown option " + option) + "; " + usage);
            }
        }
        List<String> paths = words.subList(i, words.size());
        if (paths.isEmpty()) {
            return new Invalid(usage);
        }
        if (as != null && (paths.size() > 1 || as.isEmpty() || as.contains("/"))) {
            return new Invalid("put: --as names one file, without '/'; " + usage);
        }
        return new Put(paths, overwrite, to, as);
    }

    /**
     * {@code get}'s options, then its names. {@code --overwrite} replaces files already there;
     * {@code --} ends the options, and so does a quote, for a name that starts with a dash.
     */
    private static Typed get(String rest, Set<String> knownFiles) {
        boolean overwrite = false;
        while (!knownFiles.contains(rest)) {
            int space = indexOfSpace(rest);
            String option = space < 0 ? rest : rest.substring(0, space);
            if (!option.startsWith("-") || knownFiles.contains(option)) {
                break;
            }
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
            if (option.equals("--")) {
                break;
            }
            if (!option.equals("--overwrite")) {
                return new Invalid("get: unknown option " + option + "; usage: get [--overwrite] NAME..."
                        + " (-- or quotes before a name that starts with -)");
            }
            overwrite = true;
        }
        List<String> names = Names.parse(rest, knownFiles);
        return names.isEmpty()
                ? new Invalid("usage: get [--overwrite] NAME... (quote names with spaces, or type a file's name alone)")
                : new Get(names, overwrite);
    }
}
