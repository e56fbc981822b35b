package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** Every key, in a box over the screen; Esc, {@code ?}, F1 or {@code q} closes it. */
final class HelpOverlay extends BasicWindow {
    private static final int KEY_WIDTH = 18;

    /** The keys, by where they work; a section starts with a line whose key is empty. */
    static final String[][] KEYS = {
        {"", "Anywhere"},
        {"Tab / Shift-Tab", "next / previous pane, then the command line"},
        {"F1, ? in a pane", "this help (Esc, ? or F1 closes it)"},
        {"F10, q in a pane", "quit; asks first while downloads run"},
        {"", "In the panes"},
        {"↑ ↓ PgUp PgDn", "move the selection, scroll"},
        {"r / R", "refresh the files / reconnect after a drop"},
        {":", "go to the command line"},
        {"", "Files"},
        {"Enter", "download the selected file"},
        {"/", "filter as you type; Esc clears the filter"},
        {"", "Downloads"},
        {"c", "cancel the selected download; its .part stays"},
        {"Enter", "fetch a stopped one again, resuming its .part"},
        {"x", "clear the finished downloads"},
        {"", "Command line"},
        {"Enter", "run it: list, get NAME, status, who, ping, uptime,"},
        {"", "  help, about, exit, a file's name; else a message"},
        {"↑ ↓ / Esc", "earlier lines / clear, then back to the panes"},
    };

    HelpOverlay(Palette palette) {
        super("Keys");
        setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        setComponent(new TextBlock(palette, lines()));
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliverEvent) {
                deliverEvent.set(false);
                if (closes(key)) {
                    close();
                }
            }
        });
    }

    private static boolean closes(KeyStroke key) {
        KeyType type = key.getKeyType();
        if (type == KeyType.Escape || type == KeyType.F1 || type == KeyType.Enter) {
            return true;
        }
        return type == KeyType.Character && (key.getCharacter() == '?' || key.getCharacter() == 'q');
    }

    private static List<StyledLine> lines() {
        List<StyledLine> lines = new ArrayList<>();
        for (String[] entry : KEYS) {
            if (entry[0].isEmpty() && !entry[1].startsWith(" ")) {
                lines.add(StyledLine.of(entry[1], Tone.HEADER));
            } else {
                lines.add(new StyledLine().add("  " + StyledLine.pad(entry[0], KEY_WIDTH), Tone.KEY).add(entry[1]));
            }
        }
        return lines;
    }
}
