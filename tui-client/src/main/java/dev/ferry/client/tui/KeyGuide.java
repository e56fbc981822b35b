package dev.ferry.client.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * Every key, where it works and what it does: the one list the help box ({@link HelpOverlay})
 * shows, and that README.md's key table repeats row for row (a test holds them to each other).
 * Each line fits a help box at 80 columns; the whole fits 80x23 (a tmux window with its status line).
 */
final class KeyGuide {

    /** Where keys work, in the order the help shows them. */
    enum Place {
        ANYWHERE("anywhere", "Anywhere"),
        PANES("panes", "In the panes"),
        FILES("Files", "Files"),
        LOCAL("Local", "Local"),
        TRANSFERS("Transfers", "Transfers"),
        COMMAND_LINE("command line", "Command line");

        final String where;
        final String heading;

        Place(String where, String heading) {
            this.where = where;
            this.heading = heading;
        }
    }

    /** Some keys, where they work, what they do. */
    record Key(String keys, Place place, String what) {}

    static final int KEY_WIDTH = 22;

    static final List<Key> KEYS = List.of(
            new Key("Tab / Shift-Tab", Place.ANYWHERE, "next / previous pane, then the command line"),
            new Key("F1 / ?", Place.ANYWHERE, "this help (? in a pane); Esc, ? or F1 closes it"),
            new Key("F10 / Ctrl-C / q", Place.ANYWHERE, "quit (q in a pane); asks while transfers run"),
            new Key("↑ ↓ PgUp PgDn Home End", Place.PANES, "move, scroll; End in Messages follows new lines"),
            new Key("r / R / :", Place.PANES, "refresh / reconnect / go to the command line"),
            new Key("Enter", Place.FILES, "download the selected file"),
            new Key("/", Place.FILES, "filter as you type: Backspace edits, Esc clears"),
            new Key("Enter → / Bksp ←", Place.LOCAL, "open a folder (upload a file) / go up"),
            new Key("u", Place.LOCAL, "upload the selected file or folder"),
            new Key(".", Place.LOCAL, "show or hide hidden files"),
            new Key("c / x", Place.TRANSFERS, "cancel the selected (keeps its part) / clear done"),
            new Key("Enter", Place.TRANSFERS, "move a stopped or failed one again, resuming it"),
            new Key("Enter", Place.COMMAND_LINE, "run it: a command (help lists them) or a message"),
            new Key("Tab / Ctrl-A E U K W", Place.COMMAND_LINE, "complete a name / edit as readline (Alt-B/F)"),
            new Key("↑ ↓ / Esc", Place.COMMAND_LINE, "earlier lines / clear, then back to the panes"));

    private KeyGuide() {}

    /** The help box's lines: a heading per place, then its keys. */
    static List<StyledLine> helpLines() {
        List<StyledLine> lines = new ArrayList<>();
        Place current = null;
        for (Key key : KEYS) {
            if (key.place() != current) {
                current = key.place();
                lines.add(StyledLine.of(current.heading, Tone.HEADER));
            }
            lines.add(new StyledLine().add("  " + StyledLine.pad(key.keys(), KEY_WIDTH), Tone.KEY).add("  " + key.what()));
        }
        return lines;
    }

    /** README.md's key table, header included, one line per row. */
    static List<String> markdownTable() {
        List<String> rows = new ArrayList<>(List.of("| key | where | what it does |", "|---|---|---|"));
        for (Key key : KEYS) {
            rows.add("| " + key.keys() + " | " + key.place().where + " | " + key.what() + " |");
        }
        return rows;
    }
}
