package dev.ferry.client.command;

import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Message.AboutReply;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.UptimeReply;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Text;
import dev.ferry.settings.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The words of every reply, in one place for the command line, the shell and the terminal UI, so
 * the three say the same thing the same way. Text that came from the server is made printable
 * here: a name or a message never drives the terminal, whichever front end shows it.
 */
public final class Replies {
    private Replies() {}

    /** {@code name}, marked when it is your own. */
    public static String you(String name, String you) {
        return name.equals(you) ? yours(name) : name;
    }

    /** {@code text} marked as being about you: your own name, your own row. */
    public static String yours(String text) {
        return text + " (you)";
    }

    /** {@code who}: one client a line, your own marked. */
    public static List<String> who(List<String> names, String you) {
        return names.stream().map(name -> Text.printable(you(name, you))).toList();
    }

    /** {@code uptime} */
    public static String uptime(UptimeReply uptime) {
        return "up " + Durations.format(uptime.uptime()) + " (since " + Formats.time(uptime.startedAt()) + ")";
    }

    /** {@code about} */
    public static String about(AboutReply about) {
        return Text.printable(about.name() + " " + about.version() + ", protocol " + about.protocol() + ": "
                + about.details());
    }

    /** {@code help}: the server's summary, line breaks kept. */
    public static String help(String text) {
        return Text.printableLines(text.strip());
    }

    /** One {@code ping} answered. */
    public static String pong(long nanos) {
        return "pong in " + Formats.millis(nanos) + " ms";
    }

    /** A message to everyone, acknowledged by the server. */
    public static String acked(String text) {
        return Text.printable(text) + " ACK";
    }

    /** A message to one client, acknowledged by the server. */
    public static String ackedTo(String to, String text) {
        return "to " + Text.printable(to) + ": " + Text.printable(text) + " ACK";
    }

    /** What {@code exit} is answered with. */
    public static String bye() {
        return "BYE";
    }

    /** The file list as a table: sizes right-aligned (exact bytes with {@code bytes}), then names. */
    public static List<String> files(List<FileEntry> files, boolean bytes) {
        int width = files.stream().mapToInt(f -> size(f, bytes).length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (FileEntry file : files) {
            String size = size(file, bytes);
            lines.add(" ".repeat(width - size.length()) + size + "  " + Text.printable(file.name()));
        }
        return lines;
    }

    /** An empty file list, where a person reads it. */
    public static String noFiles() {
        return "(no files)";
    }

    /** The file list, where a pane shows it. */
    public static String filesShown(int count, String pane) {
        return (count == 1 ? "1 file" : count + " files") + ", shown in " + pane;
    }

    private static String size(FileEntry file, boolean bytes) {
        return bytes ? Long.toString(file.size()) : Formats.size(file.size());
    }

    /** Another client's upload, as the messages show it: {@code * Client02 uploaded notes.txt (12 KiB)}. */
    public static String uploaded(Message.Uploaded upload) {
        return "* " + Text.printable(upload.client()) + " uploaded " + Text.printable(upload.name()) + " ("
                + Formats.size(upload.size()).replace(".0 ", " ") + ")";
    }

    /**
     * Files that appeared, changed or went away, in one short line ({@code known}: the names the
     * list had before), or empty when nothing is worth a line. One file is named; more are counted.
     */
    public static Optional<String> filesChanged(Message.FilesChanged event, Set<String> known) {
        if (event.resync()) {
            return Optional.of("* many files changed on the server; 'list' shows them");
        }
        int added = 0;
        int changed = 0;
        int gone = 0;
        for (Message.FileChange change : event.changes()) {
            if (change.isGone()) {
                gone += known.contains(change.name()) ? 1 : 0;
            } else if (known.contains(change.name())) {
                changed++;
            } else {
                added++;
            }
        }
        if (added + changed + gone == 0) {
            return Optional.empty();
        }
        if (added + changed + gone == 1) {
            Message.FileChange one = event.changes().stream()
                    .filter(c -> c.isGone() ? known.contains(c.name()) : true).findFirst().orElseThrow();
            String name = Text.printable(one.name());
            if (one.isGone()) {
                return Optional.of("* " + name + " is gone from the server");
            }
            String size = Formats.size(one.entry().size()).replace(".0 ", " ");
            return Optional.of(added == 1 ? "* new on the server: " + name + " (" + size + ")"
                    : "* changed on the server: " + name + " (" + size + ")");
        }
        List<String> parts = new ArrayList<>();
        if (added > 0) {
            parts.add(added + " new");
        }
        if (changed > 0) {
            parts.add(changed + " changed");
        }
        if (gone > 0) {
            parts.add(gone + " gone");
        }
        return Optional.of("* files on the server: " + String.join(", ", parts) + "; 'list' shows them");
    }

    /** The connection history as a table, your own row marked. */
    public static List<String> status(List<ConnectionRow> rows, String you) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"CLIENT", "ADDRESS", "JOINED", "FINISHED"});
        for (ConnectionRow row : rows) {
            String finished = row.connected() ? "connected" : Formats.time(row.finishedAt());
            if (row.name().equals(you)) {
                finished = yours(finished);
            }
            cells.add(new String[] {Text.printable(row.displayName()), Text.printable(row.address()),
                    Formats.time(row.acceptedAt()), finished});
        }
        return Formats.columns(cells);
    }

    /** A request that failed: what was asked, and why in one line. */
    public static String failed(String what, Throwable failure) {
        return "! " + what + ": " + Formats.failure(failure);
    }

    /** A command that needs the server, typed while there is no connection (only the terminal UI stays open then). */
    public static String notConnected() {
        return "! not connected: press R in a pane to reconnect";
    }

    /** A command used wrongly. */
    public static String invalid(Typed.Invalid invalid) {
        return "! " + invalid.message();
    }

    /**
     * What to type to download {@code name} again, replacing the copy already there: for a
     * message that says a file is in the way.
     */
    public static String overwriteHint(String name) {
        return "to replace it: get --overwrite " + typed(name);
    }

    /** What to type to upload {@code name} again, replacing the file of that name on the server. */
    public static String replaceOnServerHint(String name) {
        return "to replace it: put --overwrite " + typed(name);
    }

    /** {@code name} as it is typed on a command line: quoted if it has spaces or starts with a dash. */
    private static String typed(String name) {
        boolean quote = name.isEmpty() || name.chars().anyMatch(Character::isWhitespace) || name.startsWith("-");
        return quote ? '"' + name + '"' : name;
    }
}
