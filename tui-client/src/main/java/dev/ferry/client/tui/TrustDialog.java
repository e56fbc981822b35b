package dev.ferry.client.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.SimpleTheme;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.ferry.client.trust.KnownServers;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.protocol.Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * First contact with a server, asked in the full-screen UI's own way: a dialog on a screen of its
 * own, opened on this process's terminal before the main screen and closed before it opens, so a
 * refusal is still one line on stderr with the shell's terminal back as it was. The dialog shows the
 * server, its fingerprint and what pinning means, with two buttons: Trust and Refuse. Focus starts
 * on Refuse, so Enter alone trusts nothing; Tab or the arrows move, {@code t} and {@code r} pick
 * directly, Esc (and Ctrl-C, and the end of input) refuses.
 */
public final class TrustDialog implements ServerTrust.Prompt {
    /** Lines are cut to this; with the frame the dialog fits 80 columns. */
    private static final int WIDTH = 66;

    private final KnownServers known;
    private final Palette palette;

    /**
     * @param known       where a trusted server is pinned (named in the dialog)
     * @param environment decides the colours ({@code NO_COLOR} turns them off)
     */
    public TrustDialog(KnownServers known, Map<String, String> environment) {
        this.known = known;
        this.palette = Palette.fromEnvironment(environment);
    }

    @Override
    public boolean trust(String server, String fingerprint) throws IOException {
        Terminal terminal = FerryTui.openTerminal(false);
        TerminalScreen screen = new TerminalScreen(terminal);
        try {
            return ask(screen, palette, server, fingerprint, known.file());
        } finally {
            try {
                terminal.close();
            } catch (IOException | RuntimeException e) {
                // a Unix terminal restores itself; the answer stands
            }
        }
    }

    /**
     * Starts {@code screen}, asks, and stops it again, whatever the answer.
     *
     * @return true for Trust; false for Refuse, Esc, Ctrl-C or the end of input
     */
    static boolean ask(Screen screen, Palette palette, String server, String fingerprint, Path file) throws IOException {
        screen.startScreen();
        try {
            MultiWindowTextGUI gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen,
                    new DefaultWindowManager(), null, new EmptySpace(TextColor.ANSI.DEFAULT));
            SimpleTheme theme = palette.theme();
            // the focused button in reverse video, the other plain: readable without colour
            TextColor base = TextColor.ANSI.DEFAULT;
            theme.addOverride(Button.class, base, base)
                    .setSelected(base, base, SGR.REVERSE)
                    .setActive(base, base, SGR.REVERSE, SGR.BOLD)
                    .setPreLight(base, base, SGR.BOLD)
                    .setInsensitive(base, base);
            gui.setTheme(theme);
            AtomicReference<Boolean> answer = new AtomicReference<>();
            BasicWindow dialog = dialog(server, fingerprint, file, answer);
            gui.addWindow(dialog);
            gui.waitForWindowToClose(dialog); // returns at the end of input too, with no answer
            return Boolean.TRUE.equals(answer.get());
        } finally {
            screen.stopScreen();
        }
    }

    private static BasicWindow dialog(String server, String fingerprint, Path file, AtomicReference<Boolean> answer) {
        BasicWindow window = new BasicWindow(" A server seen for the first time ");
        window.setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        Panel body = new Panel(new LinearLayout(Direction.VERTICAL));
        body.addComponent(new Label("Ferry has not met " + Text.printable(server) + " before."));
        body.addComponent(new Label("Its fingerprint is"));
        body.addComponent(new Label("  " + Text.printable(fingerprint)).addStyle(SGR.BOLD));
        body.addComponent(new Label(wrapped("Compare it with what 'ferryd fingerprint' prints on that server, "
                + "or ask the server's owner.")));
        body.addComponent(new EmptySpace());
        body.addComponent(new Label(wrapped("Trust pins it in " + Text.printable(file.toString()) + ": every later "
                + "connection must show this fingerprint, and a changed one is refused. Refuse connects to nothing.")));
        body.addComponent(new EmptySpace());
        Button trust = new Button("Trust", () -> answer(window, answer, true));
        Button refuse = new Button("Refuse", () -> answer(window, answer, false));
        Panel buttons = new Panel(new LinearLayout(Direction.HORIZONTAL).setSpacing(3));
        buttons.addComponent(trust);
        buttons.addComponent(refuse);
        body.addComponent(buttons);
        body.addComponent(new Label("Tab moves, Enter picks; t trusts, r or Esc refuses."));
        window.setComponent(body);
        window.setFocusedInteractable(refuse);
        window.addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window basePane, KeyStroke key, AtomicBoolean deliverEvent) {
                Boolean picked = shortcut(key);
                if (picked != null) {
                    deliverEvent.set(false);
                    answer(window, answer, picked);
                }
            }
        });
        return window;
    }

    /** Esc, Ctrl-C, {@code r} refuse; {@code t} trusts; other keys go to the buttons. */
    private static Boolean shortcut(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            return false;
        }
        if (key.getKeyType() != KeyType.Character) {
            return null;
        }
        char typed = Character.toLowerCase(key.getCharacter());
        if (key.isCtrlDown()) {
            return typed == 'c' ? false : null;
        }
        return typed == 't' ? Boolean.TRUE : typed == 'r' ? Boolean.FALSE : null;
    }

    private static void answer(BasicWindow window, AtomicReference<Boolean> answer, boolean trust) {
        answer.compareAndSet(null, trust);
        window.close();
    }

    private static String wrapped(String text) {
        return String.join("\n", TerminalTextUtils.getWordWrappedText(WIDTH, text));
    }
}
