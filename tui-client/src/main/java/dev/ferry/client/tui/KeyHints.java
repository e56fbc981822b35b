package dev.ferry.client.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The footer: the main keys for where the focus is, so nobody has to remember them. In Downloads
 * it offers only what the keys can do with the selected row (cancel a running one, resume a
 * stopped one, clear finished ones). Offline it leaves out the keys that need a connection (get,
 * refresh, cancel, resume) for {@code R}, so every footer fits in {@value #WIDTH} columns.
 */
final class KeyHints {
    static final int WIDTH = 80;

    /** Where the focus is. */
    enum Place { FILES, FILTER, LOCAL, CONNECTIONS, DOWNLOADS, MESSAGES, COMMAND_LINE }

    private static final String[][] PANES = {{"Tab", "next"}, {"?", "help"}, {"q", "quit"}, {":", "command"}};
    private static final String[][] COMMAND_LINE = {{"Enter", "run"}, {"Tab", "complete"}, {"↑↓", "history"},
        {"Esc", "back"}, {"F1", "help"}, {"F10", "quit"}};

    private KeyHints() {}

    static StyledLine line(Place place, boolean offline) {
        return line(place, offline, new TransfersPane.Keys(true, true, true));
    }

    /** The footer for {@code place}; {@code downloads} says what the keys can do in Downloads now. */
    static StyledLine line(Place place, boolean offline, TransfersPane.Keys downloads) {
        List<String[]> keys = new ArrayList<>();
        if (offline && place != Place.COMMAND_LINE && place != Place.FILTER) {
            keys.add(new String[] {"R", "reconnect"});
        }
        switch (place) {
            case FILES -> {
                if (!offline) {
                    keys.add(new String[] {"Enter", "get"});
                }
                keys.add(new String[] {"/", "filter"});
                if (!offline) {
                    keys.add(new String[] {"r", "refresh"});
                }
            }
            case FILTER -> {
                keys.add(new String[] {"type", "to filter"});
                keys.add(new String[] {"Enter", "get"});
                keys.add(new String[] {"Esc", "clear"});
                keys.add(new String[] {"↑↓", "move"});
            }
            case LOCAL -> {
                keys.add(new String[] {"Enter", "open"});
                keys.add(new String[] {"Bksp", "up"});
                if (!offline) {
                    keys.add(new String[] {"u", "upload"});
                }
                keys.add(new String[] {".", "hidden"});
            }
            case CONNECTIONS -> keys.add(new String[] {"↑↓", "scroll"});
            case DOWNLOADS -> {
                if (!offline && downloads.cancel()) {
                    keys.add(new String[] {"c", "cancel"});
                }
                if (!offline && downloads.again() != null) {
                    keys.add(new String[] {"Enter", downloads.again()});
                }
                if (downloads.clear()) {
                    keys.add(new String[] {"x", "clear finished"});
                }
            }
            case MESSAGES -> {
                keys.add(new String[] {"↑↓", "scroll"});
                keys.add(new String[] {"End", "follow"});
            }
            case COMMAND_LINE -> keys.addAll(List.of(COMMAND_LINE));
        }
        if (place != Place.COMMAND_LINE && place != Place.FILTER) {
            keys.addAll(List.of(PANES));
        }
        StyledLine line = new StyledLine();
        for (String[] key : keys) {
            line.add(line.spans().isEmpty() ? " " : "  ").add(key[0], Tone.KEY).add(" " + key[1]);
        }
        return line;
    }
}
