package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one full-screen window, laid out by {@link ScreenLayout}, and the keys that work across
 * panes. F1, F10 and Ctrl-C work everywhere, even in the command line; {@code ?}, {@code q},
 * {@code r}, {@code R} and {@code :} work in any pane that has no use of its own for them, so
 * they can still be typed in the command line and the Files filter. Any other letter typed in a
 * pane is said to do nothing there, with how to reach the command line, so text typed where it
 * cannot go never passes unnoticed.
 */
final class MainWindow extends BasicWindow {

    /** What the window-wide keys do. */
    interface Actions {
        void help();

        void quit();

        void refresh();

        void reconnect();

        /** A letter typed in {@code pane} that no key there uses: say where keys go, and how to type a command. */
        void unusedKey(char typed, Pane pane);
    }

    private final CommandBar commandBar;

    MainWindow(ScreenLayout layout, TextBar status, Pane files, Pane local, Pane connections, Pane downloads, Pane messages,
            CommandBar commandBar, TextBar footer, Actions actions) {
        super("Ferry");
        this.commandBar = commandBar;
        setHints(Set.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
        Panel screen = new Panel(layout);
        screen.addComponent(status);
        screen.addComponent(files);
        screen.addComponent(local);
        screen.addComponent(connections);
        screen.addComponent(downloads);
        screen.addComponent(messages);
        screen.addComponent(commandBar);
        screen.addComponent(footer);
        setComponent(screen);
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliverEvent) {
                if (anywhere(key, actions)) {
                    deliverEvent.set(false);
                }
            }

            @Override
            public void onUnhandledInput(Window window, KeyStroke key, AtomicBoolean handled) {
                if (inPanes(key, actions)) {
                    handled.set(true);
                }
            }
        });
    }

    /** Moves focus to the command line. */
    void focusCommandLine() {
        setFocusedInteractable(commandBar.input());
    }

    private static boolean anywhere(KeyStroke key, Actions actions) {
        if (key.getKeyType() == KeyType.F1) {
            actions.help();
            return true;
        }
        if (key.getKeyType() == KeyType.F10
                || (key.getKeyType() == KeyType.Character && key.isCtrlDown() && key.getCharacter() == 'c')) {
            actions.quit();
            return true;
        }
        return false;
    }

    private boolean inPanes(KeyStroke key, Actions actions) {
        if (key.getKeyType() != KeyType.Character || key.isCtrlDown() || key.isAltDown()) {
            return false;
        }
        switch (key.getCharacter()) {
            case '?' -> actions.help();
            case 'q' -> actions.quit();
            case 'r' -> actions.refresh();
            case 'R' -> actions.reconnect();
            case ':' -> focusCommandLine();
            default -> {
                if (getFocusedInteractable() instanceof Pane pane && !Character.isISOControl(key.getCharacter())) {
                    actions.unusedKey(key.getCharacter(), pane);
                    return true;
                }
                return false;
            }
        }
        return true;
    }
}
